package io.genieproxy.upstream;

import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.pipeline.StageFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The innermost stage, the only one that talks to the workspace: guarded by the workspace's circuit
 * breaker (open → 503 {@code TEMPORARILY_UNAVAILABLE} with {@code Retry-After}) and retrying only
 * idempotent requests on connect errors and 502/503/504, as the retry policy and its budget allow.
 * Questions are never retried.
 */
public final class ForwardStage implements ProxyStage {
    private final UpstreamForwarder forwarder;
    private final RetryPolicy retries;
    private final CircuitBreaker breaker;
    private final Consumer<String> onRetry;

    /** @param onRetry called with the operation label for every retried attempt, for metrics */
    public ForwardStage(UpstreamForwarder forwarder, RetryPolicy retries, CircuitBreaker breaker, Consumer<String> onRetry) {
        this.forwarder = forwarder;
        this.retries = retries;
        this.breaker = breaker;
        this.onRetry = onRetry;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.FORWARD;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        retries.onRequest();
        return attempt(exchange, 1);
    }

    private CompletionStage<ProxyResponse> attempt(ProxyExchange exchange, int number) {
        CircuitBreaker.Admission admission = breaker.tryAcquire();
        if (!admission.allowed()) {
            exchange.denialReason("circuit_open");
            return CompletableFuture.completedFuture(ProxyResponse.rejected(Rejection.retryLater(Rejection.Reason.UNAVAILABLE,
                    "The workspace is failing; the proxy is holding requests back for a moment.", admission.retryAfter())));
        }
        return forwarder.forward(exchange).handle((response, error) -> {
            if (error != null) {
                Throwable cause = StageFailure.unwrap(error);
                boolean workspaceFault = !(cause instanceof StageFailure f) || f.rejection().status() >= 500;
                if (workspaceFault) {
                    breaker.onFailure(admission);
                } else {
                    breaker.onSuccess(admission);
                }
                RetryPolicy.Decision decision = retries.afterError(exchange.route(), number, cause);
                if (decision.retry()) {
                    return retryLater(exchange, number, decision);
                }
                return CompletableFuture.<ProxyResponse>failedFuture(cause);
            }
            if (CircuitBreaker.countsAsFailure(response.status())) {
                breaker.onFailure(admission);
            } else {
                breaker.onSuccess(admission);
            }
            RetryPolicy.Decision decision = retries.afterResponse(exchange.route(), number, response.status(), response.header("Retry-After"));
            if (decision.retry()) {
                response.discard();
                return retryLater(exchange, number, decision);
            }
            return CompletableFuture.completedFuture(response);
        }).thenCompose(stage -> stage);
    }

    private CompletionStage<ProxyResponse> retryLater(ProxyExchange exchange, int number, RetryPolicy.Decision decision) {
        onRetry.accept(exchange.route().operation().label());
        Executor delayed = CompletableFuture.delayedExecutor(Math.max(1, decision.delay().toMillis()), TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(() -> attempt(exchange, number + 1), delayed).thenCompose(stage -> stage);
    }

}
