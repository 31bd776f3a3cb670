package io.genieproxy.pipeline;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The calls requests are waiting on outside the proxy (the workspace, identity lookups, token endpoints, Redis, the
 * question queue), so that a stopping server can answer all of them at once instead of cutting them.
 *
 * <p>A stage hands the future it waits on to {@link #watch} and waits on the future it gets back instead (or
 * completes a future from {@link #register} itself). When
 * {@link #abandonAll} runs, every watched future fails with a {@link StageFailure} carrying the given refusal, on
 * the executor its request continues on; the stages pass that failure on as it is, so outer stages (audit,
 * telemetry) record the refusal the caller gets. Calls watched afterwards fail at once.
 */
public final class PendingCalls {
    private final Map<CompletableFuture<?>, Executor> waiting = new ConcurrentHashMap<>();
    private volatile Rejection abandonedWith;

    /**
     * A future that completes as {@code call} does, or fails with {@link StageFailure} when the calls are abandoned
     * first; {@code continuation} runs that failure. {@code call} is not cancelled: its late answer is dropped.
     */
    public <T> CompletableFuture<T> watch(CompletionStage<T> call, Executor continuation) {
        CompletableFuture<T> watched = register(continuation);
        call.whenComplete((value, error) -> {
            if (error != null) {
                watched.completeExceptionally(error);
            } else {
                watched.complete(value);
            }
        });
        return watched;
    }

    /**
     * A new future for the caller to complete, which fails with {@link StageFailure} instead if the calls are abandoned
     * first (at once when they already are); {@code continuation} runs that failure. Whoever completes it later sees
     * {@code complete} return false and releases what it holds.
     */
    public <T> CompletableFuture<T> register(Executor continuation) {
        Rejection refusal = abandonedWith;
        if (refusal != null) {
            return CompletableFuture.failedFuture(new StageFailure(refusal));
        }
        CompletableFuture<T> call = new CompletableFuture<>();
        waiting.put(call, continuation);
        call.whenComplete((value, error) -> waiting.remove(call));
        // Abandoned between the check above and put(): abandonAll may not have seen this call.
        refusal = abandonedWith;
        if (refusal != null) {
            abandon(call, continuation, refusal);
        }
        return call;
    }

    /** The refusal every call watched from now on gets at once, or null while the calls are not abandoned. */
    public Rejection abandonedWith() {
        return abandonedWith;
    }

    /**
     * Fails every call still waiting with {@code rejection}, and every call watched later at once.
     *
     * @return how many waiting calls were failed
     */
    public int abandonAll(Rejection rejection) {
        abandonedWith = rejection;
        int abandoned = 0;
        for (Map.Entry<CompletableFuture<?>, Executor> call : waiting.entrySet()) {
            if (!call.getKey().isDone()) {
                abandon(call.getKey(), call.getValue(), rejection);
                abandoned++;
            }
        }
        return abandoned;
    }

    private static void abandon(CompletableFuture<?> call, Executor continuation, Rejection rejection) {
        continuation.execute(() -> call.completeExceptionally(new StageFailure(rejection)));
    }
}
