package io.genieproxy.pipeline;

import java.util.concurrent.CompletionStage;

/** One step of the proxy pipeline: passes the exchange on through {@code next}, or answers itself. */
public interface ProxyStage {

    /** Where this stage runs in the pipeline. */
    PipelineStage stage();

    /** Whether the stage is switched on by configuration; switched-off stages are left out of the pipeline. */
    default boolean isEnabled() {
        return true;
    }

    /** Handles the exchange: call {@code next.proceed(exchange)} to continue, or return a response. */
    CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next);

    /** The rest of the pipeline after a stage. */
    @FunctionalInterface
    interface Next {
        CompletionStage<ProxyResponse> proceed(ProxyExchange exchange);
    }
}
