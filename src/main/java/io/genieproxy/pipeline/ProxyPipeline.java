package io.genieproxy.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages in {@link PipelineStage} order. A stage that throws, or whose future fails, is
 * turned into a 500 refusal so that outer stages (audit, telemetry) still see an outcome.
 */
public final class ProxyPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyPipeline.class);

    private final List<ProxyStage> stages;

    public ProxyPipeline(List<? extends ProxyStage> stages) {
        List<ProxyStage> sorted = new ArrayList<>(stages.stream().filter(ProxyStage::isEnabled).toList());
        sorted.sort(Comparator.comparing(ProxyStage::stage));
        this.stages = List.copyOf(sorted);
    }

    public List<PipelineStage> activeStages() {
        return stages.stream().map(ProxyStage::stage).toList();
    }

    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange) {
        return run(0, exchange);
    }

    private CompletionStage<ProxyResponse> run(int index, ProxyExchange exchange) {
        if (index >= stages.size()) {
            return CompletableFuture.completedFuture(ProxyResponse.rejected(
                    Rejection.of(Rejection.Reason.INTERNAL, "No stage answered the request.")));
        }
        ProxyStage stage = stages.get(index);
        CompletionStage<ProxyResponse> result;
        try {
            result = stage.handle(exchange, next -> run(index + 1, next));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(error -> {
            Throwable cause = StageFailure.unwrap(error);
            if (cause instanceof StageFailure failure) {
                return ProxyResponse.rejected(failure.rejection());
            }
            LOG.error("Stage {} failed for request {}: {}", stage.stage(), exchange.requestId(), cause.toString());
            return ProxyResponse.rejected(Rejection.of(Rejection.Reason.INTERNAL, "The proxy could not handle the request."));
        });
    }
}
