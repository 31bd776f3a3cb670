package io.genieproxy.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FairQueueTest {
    private static final RateLimitRule FIVE_PER_MINUTE = new RateLimitRule(5, 5);

    private final ManualTime time = new ManualTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final LocalRateLimiter limiter = new LocalRateLimiter(time, 1_000);
    private final List<String> exits = new ArrayList<>();
    private final RateLimitListener listener = new RateLimitListener() {
        @Override
        public void onQueueExit(String queue, Duration waited, boolean admitted) {
            exits.add(queue + ":" + waited.toSeconds() + "s:" + admitted);
        }
    };
    private final FairQueue queue = new FairQueue(scheduler, time, Duration.ofSeconds(30), 10, listener);

    private Supplier<CompletionStage<RateLimitDecision>> workspace(String id) {
        return () -> limiter.tryAcquire(RateLimitKey.workspace(id), FIVE_PER_MINUTE);
    }

    private void spend(String ws) {
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.decide(RateLimitKey.workspace(ws), FIVE_PER_MINUTE).allowed());
        }
    }

    @Test
    void admitsAtOnceWhileThereIsBudget() {
        CompletableFuture<RateLimitDecision> d = queue.acquire("ws", workspace("ws")).toCompletableFuture();
        assertTrue(d.isDone());
        assertTrue(d.join().allowed());
        assertEquals(0, queue.queued("ws"));
    }

    @Test
    void waitersAreAdmittedFirstInFirstOutAsPermitsFree() {
        spend("ws");
        List<String> admitted = new ArrayList<>();
        List<CompletableFuture<RateLimitDecision>> waiting = new ArrayList<>();
        FairQueue patient = new FairQueue(scheduler, time, Duration.ofSeconds(60), 10, listener);
        for (String who : List.of("first", "second", "third")) {
            CompletableFuture<RateLimitDecision> f = patient.acquire("ws", workspace("ws")).toCompletableFuture();
            f.thenAccept(d -> admitted.add(d.allowed() ? who : who + " refused"));
            waiting.add(f);
        }
        assertEquals(3, patient.queued("ws"));
        assertTrue(admitted.isEmpty());

        scheduler.advance(Duration.ofSeconds(12));
        assertEquals(List.of("first"), admitted);
        scheduler.advance(Duration.ofSeconds(12));
        assertEquals(List.of("first", "second"), admitted);
        scheduler.advance(Duration.ofSeconds(12));
        assertEquals(List.of("first", "second", "third"), admitted);
        assertTrue(waiting.stream().allMatch(f -> f.join().allowed()));
        assertEquals(List.of("ws:12s:true", "ws:24s:true", "ws:36s:true"), exits);
    }

    @Test
    void aNewcomerDoesNotOvertakeSomeoneAlreadyWaiting() {
        spend("ws");
        List<String> admitted = new ArrayList<>();
        queue.acquire("ws", workspace("ws")).thenAccept(d -> admitted.add("early"));
        scheduler.advance(Duration.ofSeconds(11));
        queue.acquire("ws", workspace("ws")).thenAccept(d -> admitted.add("late"));
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(List.of("early"), admitted, "the permit at 12 s goes to the first waiter");
        scheduler.advance(Duration.ofSeconds(12));
        assertEquals(List.of("early", "late"), admitted);
    }

    @Test
    void refusesWhenThePermitWouldComeAfterMaxWait() {
        spend("ws");
        List<CompletableFuture<RateLimitDecision>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(queue.acquire("ws", workspace("ws")).toCompletableFuture());
        }
        scheduler.advance(Duration.ofSeconds(30));
        assertTrue(waiting.get(0).join().allowed(), "12 s");
        assertTrue(waiting.get(1).join().allowed(), "24 s");
        assertTrue(waiting.get(2).isDone(), "36 s is beyond the 30 s wait");
        assertFalse(waiting.get(2).join().allowed());
        assertTrue(waiting.get(3).isDone());
        RateLimitDecision refused = waiting.get(3).join();
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfter().compareTo(Duration.ZERO) > 0, "the refusal still says when to come back");
        assertEquals(0, queue.queued("ws"));
    }

    @Test
    void refusesAtOnceWhenTheQueueIsFull() {
        FairQueue shortQueue = new FairQueue(scheduler, time, Duration.ofSeconds(30), 2, listener);
        spend("ws");
        shortQueue.acquire("ws", workspace("ws"));
        shortQueue.acquire("ws", workspace("ws"));
        CompletableFuture<RateLimitDecision> third = shortQueue.acquire("ws", workspace("ws")).toCompletableFuture();
        assertTrue(third.isDone());
        assertFalse(third.join().allowed());
        assertEquals(2, shortQueue.queued("ws"));
    }

    @Test
    void queuesOfDifferentWorkspacesDoNotWaitForEachOther() {
        spend("ws-a");
        CompletableFuture<RateLimitDecision> a = queue.acquire("ws-a", workspace("ws-a")).toCompletableFuture();
        CompletableFuture<RateLimitDecision> b = queue.acquire("ws-b", workspace("ws-b")).toCompletableFuture();
        assertFalse(a.isDone());
        assertTrue(b.join().allowed());
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndTakesNoPermit() {
        spend("ws");
        List<String> admitted = new ArrayList<>();
        CompletableFuture<RateLimitDecision> gone = queue.acquire("ws", workspace("ws")).toCompletableFuture();
        gone.thenAccept(d -> admitted.add("gone"));
        queue.acquire("ws", workspace("ws")).thenAccept(d -> admitted.add(d.allowed() ? "next" : "next refused"));
        assertEquals(2, queue.queued("ws"));

        assertTrue(gone.cancel(false));
        assertEquals(1, queue.queued("ws"), "the cancelled question left at once");
        scheduler.advance(Duration.ofSeconds(12));
        assertEquals(List.of("next"), admitted, "the permit at 12 s went to the question behind it");
        assertEquals(0, queue.queued("ws"));
        assertEquals(List.of("ws:0s:false", "ws:12s:true"), exits);
    }

    @Test
    void noThreadIsHeldWhileWaiting() {
        spend("ws");
        for (int i = 0; i < 2; i++) {
            queue.acquire("ws", workspace("ws"));
        }
        assertEquals(3, scheduler.pending(), "waiting is timers: one retry of the head and one deadline per waiter");
    }
}
