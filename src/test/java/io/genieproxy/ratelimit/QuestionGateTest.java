package io.genieproxy.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuestionGateTest {
    private final ManualTime time = new ManualTime();
    private final LocalRateLimiter limiter = new LocalRateLimiter(time, 1_000);
    private final List<String> decisions = new ArrayList<>();
    private final RateLimitListener recording = new RateLimitListener() {
        @Override
        public void onDecision(RateLimitKey key, RateLimitDecision decision) {
            decisions.add(key.scope() + "=" + decision.allowed());
        }
    };
    private final QuestionGate gate = new QuestionGate(limiter, new RateLimitRule(5, 5), new RateLimitRule(5, 3),
            new RateLimitRule(5, 2), recording);

    private RateLimitDecision admit(String space, String user) {
        return gate.admit("ws", space, user).toCompletableFuture().join();
    }

    @Test
    void aQuestionMustPassEveryBudget() {
        RateLimitDecision d = admit("space-a", "alice");
        assertTrue(d.allowed());
        assertEquals(List.of("user=true", "space=true", "workspace=true"), decisions);
        assertEquals(1, d.remaining(), "reports the tightest budget: alice has 1 of 2 left");
    }

    @Test
    void aCallerOverTheirOwnBudgetDoesNotSpendTheWorkspaceBudget() {
        admit("space-a", "alice");
        admit("space-a", "alice");
        for (int i = 0; i < 10; i++) {
            RateLimitDecision refused = admit("space-a", "alice");
            assertFalse(refused.allowed());
        }
        decisions.clear();
        RateLimitDecision bob = admit("space-b", "bob");
        assertTrue(bob.allowed());
        assertEquals(List.of("user=true", "space=true", "workspace=true"), decisions);
        assertEquals(1, limiter.decide(RateLimitKey.workspace("ws"), new RateLimitRule(5, 5)).remaining(),
                "alice's 10 refused questions took nothing from the workspace: 5 - 2 (alice) - 1 (bob) - 1 (this check)");
    }

    @Test
    void theWorkspaceBudgetRefusesEveryoneOnceSpent() {
        String[] users = {"a", "b", "c", "d", "e"};
        for (String u : users) {
            assertTrue(admit(null, u).allowed());
        }
        RateLimitDecision refused = admit(null, "f");
        assertFalse(refused.allowed());
        assertEquals("workspace", lastScope());
    }

    @Test
    void skipsTheSpaceAndCallerBudgetsWhenNotGiven() {
        QuestionGate workspaceOnly = new QuestionGate(limiter, new RateLimitRule(5, 5), null, null, recording);
        workspaceOnly.admit("ws2", "space", "alice").toCompletableFuture().join();
        assertEquals(List.of("workspace=true"), decisions);
    }

    @Test
    void aQueuedQuestionSpendsTheCallersPermitOnceHoweverOftenItIsRetried() {
        ManualScheduler scheduler = new ManualScheduler(time);
        FairQueue queue = new FairQueue(scheduler, time, java.time.Duration.ofSeconds(30), 10, RateLimitListener.NONE);
        for (String u : new String[] {"a", "b", "c", "d", "e"}) {
            assertTrue(admit(null, u).allowed());
        }
        decisions.clear();
        java.util.concurrent.CompletableFuture<RateLimitDecision> waiting =
                gate.admitQueued(queue, "ws", "space-a", "alice").toCompletableFuture();
        assertFalse(waiting.isDone());
        scheduler.advance(java.time.Duration.ofSeconds(12).minusMillis(1));
        time.advance(java.time.Duration.ofMillis(1));
        assertTrue(limiter.decide(RateLimitKey.workspace("ws"), new RateLimitRule(5, 5)).allowed(), "someone else takes the 12 s permit");
        scheduler.advance(java.time.Duration.ZERO);
        assertFalse(waiting.isDone(), "alice was retried, refused again, and keeps waiting");
        scheduler.advance(java.time.Duration.ofSeconds(12));
        assertTrue(waiting.join().allowed());
        assertEquals(List.of("user=true", "space=true", "workspace=false", "workspace=false", "workspace=true"), decisions,
                "the caller and space budgets were asked once; only the workspace budget was retried");
    }

    @Test
    void aQueuedQuestionOverTheCallersBudgetIsRefusedWithoutWaiting() {
        ManualScheduler scheduler = new ManualScheduler(time);
        FairQueue queue = new FairQueue(scheduler, time, java.time.Duration.ofSeconds(30), 10, RateLimitListener.NONE);
        admit("space-a", "alice");
        admit("space-a", "alice");
        RateLimitDecision refused = gate.admitQueued(queue, "ws", "space-a", "alice").toCompletableFuture().join();
        assertFalse(refused.allowed());
        assertEquals(0, queue.queued("ws"));
    }

    private String lastScope() {
        String last = decisions.get(decisions.size() - 1);
        return last.substring(0, last.indexOf('='));
    }
}
