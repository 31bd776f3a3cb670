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

    private String lastScope() {
        String last = decisions.get(decisions.size() - 1);
        return last.substring(0, last.indexOf('='));
    }
}
