package io.genieproxy.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class PendingCallsTest {
    private static final Rejection STOPPING = Rejection.retryLater(Rejection.Reason.UNAVAILABLE, "stopping", Duration.ofSeconds(1));

    private final PendingCalls pending = new PendingCalls();
    private final List<Runnable> continued = new ArrayList<>();
    /** Runs nothing until the test says so, as a request's event loop would run it later. */
    private final Executor continuation = continued::add;

    @Test
    void aWatchedCallCompletesAsTheCallDoes() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> watched = pending.watch(call, continuation);
        assertFalse(watched.isDone());
        call.complete("identity");
        assertEquals("identity", watched.join());

        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> watchedFailure = pending.watch(failing, continuation);
        IllegalStateException error = new IllegalStateException("down");
        failing.completeExceptionally(error);
        assertSame(error, StageFailure.unwrap(failure(watchedFailure)));
        assertEquals(0, pending.abandonAll(STOPPING), "calls that completed are no longer waiting");
    }

    @Test
    void abandoningFailsEveryWaitingCallWithTheRefusalOnItsOwnContinuation() {
        CompletableFuture<String> identity = pending.watch(new CompletableFuture<String>(), continuation);
        CompletableFuture<Integer> decision = pending.watch(new CompletableFuture<Integer>(), continuation);
        CompletableFuture<String> answered = new CompletableFuture<>();
        pending.watch(answered, continuation);
        answered.complete("done");

        assertEquals(2, pending.abandonAll(STOPPING));
        assertFalse(identity.isDone(), "failed on the request's continuation, not on the stopping thread");
        continued.forEach(Runnable::run);
        assertSame(STOPPING, StageFailure.carriedBy(failure(identity)).rejection());
        assertSame(STOPPING, StageFailure.carriedBy(failure(decision)).rejection());
    }

    @Test
    void aCallWatchedOrRegisteredAfterAbandoningFailsAtOnce() {
        pending.abandonAll(STOPPING);
        assertSame(STOPPING, pending.abandonedWith());
        CompletableFuture<String> late = pending.watch(new CompletableFuture<String>(), continuation);
        assertSame(STOPPING, StageFailure.carriedBy(failure(late)).rejection());
        CompletableFuture<String> registered = pending.register(continuation);
        assertSame(STOPPING, StageFailure.carriedBy(failure(registered)).rejection());
    }

    @Test
    void anAnswerArrivingAfterAbandoningIsRefusedToWhoeverHoldsIt() {
        CompletableFuture<String> registered = pending.register(Runnable::run);
        assertEquals(1, pending.abandonAll(STOPPING));
        assertFalse(registered.complete("late answer"), "the holder sees complete() fail and releases what it holds");
        assertTrue(registered.isCompletedExceptionally());
    }

    @Test
    void carriedByFindsOnlyARefusal() {
        assertSame(STOPPING, StageFailure.carriedBy(new CompletionException(new StageFailure(STOPPING))).rejection());
        assertEquals(null, StageFailure.carriedBy(new CompletionException(new IllegalStateException("other"))));
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally());
        return future.handle((value, error) -> error).join();
    }
}
