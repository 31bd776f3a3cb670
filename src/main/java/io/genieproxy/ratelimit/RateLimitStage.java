package io.genieproxy.ratelimit;

import io.genieproxy.pipeline.PendingCalls;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.pipeline.StageFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Admits questions against the workspace (and optional space and caller) budgets before they reach
 * the workspace; everything that is not a question passes untouched. Over the limit: 429
 * {@code REQUEST_LIMIT_EXCEEDED} with {@code Retry-After} and {@code RateLimit-*} headers, or a fair
 * wait when the queue policy is on; a limiter that cannot decide refuses with 503, never an open pass.
 */
public final class RateLimitStage implements ProxyStage {
    private final QuestionGate gate;
    private final FairQueue queue;
    private final String workspace;
    private final PendingCalls pending;

    /**
     * @param queue the fair queue, or null for the reject policy
     * @param pending where a wait for a decision (Redis, the queue) is registered, so that a stop can answer it
     */
    public RateLimitStage(QuestionGate gate, FairQueue queue, String workspace, PendingCalls pending) {
        this.gate = gate;
        this.queue = queue;
        this.workspace = workspace;
        this.pending = pending;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.RATE_LIMIT;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        if (!exchange.route().isQuestion()) {
            return next.proceed(exchange);
        }
        CompletionStage<RateLimitDecision> decision = queue == null
                ? gate.admit(workspace, exchange.route(), exchange.caller())
                : queue.acquire(workspace, () -> gate.admit(workspace, exchange.route(), exchange.caller()));
        return pending.watch(decision, exchange.continuation()).handle((d, error) -> {
            StageFailure refusal = error == null ? null : StageFailure.carriedBy(error);
            if (refusal != null) {
                if (queue != null) {
                    decision.toCompletableFuture().cancel(false); // the question leaves the queue, taking no permit
                }
                return CompletableFuture.<ProxyResponse>failedFuture(refusal);
            }
            if (error != null || d == null) {
                exchange.rateLimitDecision("unavailable");
                return CompletableFuture.completedFuture(ProxyResponse.rejected(Rejection.retryLater(
                        Rejection.Reason.UNAVAILABLE, "The question limit could not be checked; try again shortly.",
                        java.time.Duration.ofSeconds(1))));
            }
            if (!d.allowed()) {
                exchange.rateLimitDecision(d.isUnavailable() ? "unavailable" : "rejected", d.remaining(), d.retryAfter().toMillis());
                exchange.denialReason("rate_limited:" + d.source());
                Rejection.Reason reason = d.isUnavailable() ? Rejection.Reason.UNAVAILABLE : Rejection.Reason.RATE_LIMITED;
                String message = d.isUnavailable()
                        ? "The question limit could not be checked; try again shortly."
                        : "Too many questions for this workspace; retry after " + Math.max(1, d.retryAfter().toSeconds()) + " s.";
                return CompletableFuture.completedFuture(ProxyResponse.rejected(
                        Rejection.retryLater(reason, message, d.retryAfter()).withHeaders(d.headers())));
            }
            exchange.rateLimitDecision("allowed", d.remaining(), null);
            return next.proceed(exchange).thenApply(response -> {
                d.headers().forEach(response::withHeader);
                return response;
            });
        }).thenCompose(stage -> stage);
    }
}
