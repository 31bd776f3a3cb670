package io.genieproxy.ratelimit;

import io.genieproxy.auth.CallerIdentity;
import io.genieproxy.genie.GenieRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Admits a question only if every configured budget has a permit: the caller's, the space's, then
 * the workspace's, stopping at the first refusal.
 *
 * <p>The order is narrowest first on purpose. Permits taken before a refusal are not given back
 * (a refund would be a second, separately failing Redis write); checking the caller first means a
 * caller who exceeds their own budget never spends the workspace budget, which is the scarce one
 * (Genie publishes 5 questions per minute per workspace) and shared by everyone. The cost falls
 * on the requester: a question refused by the workspace budget has used one of the caller's and
 * the space's permits.
 */
public final class QuestionGate {
    private final RateLimiter limiter;
    private final RateLimitRule workspaceRule;
    private final RateLimitRule spaceRule;
    private final RateLimitRule userRule;
    private final RateLimitListener listener;

    /**
     * @param workspaceRule the workspace budget (required)
     * @param spaceRule the per-space budget, or null for none
     * @param userRule the per-caller budget, or null for none
     */
    public QuestionGate(RateLimiter limiter, RateLimitRule workspaceRule, RateLimitRule spaceRule, RateLimitRule userRule,
                        RateLimitListener listener) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.workspaceRule = Objects.requireNonNull(workspaceRule, "workspaceRule");
        this.spaceRule = spaceRule;
        this.userRule = userRule;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Admits a question of {@code caller} on {@code route} in {@code workspaceId}. */
    public CompletionStage<RateLimitDecision> admit(String workspaceId, GenieRoute route, CallerIdentity caller) {
        return admit(workspaceId, route.spaceId(), caller.key());
    }

    /**
     * @param spaceId the space, or null when the question has none (the space budget is skipped)
     * @param callerKey {@link CallerIdentity#key()}, or null to skip the caller budget
     * @return the first refusal, or when every budget allowed, the decision with the fewest remaining permits
     */
    public CompletionStage<RateLimitDecision> admit(String workspaceId, String spaceId, String callerKey) {
        List<Check> checks = narrowChecks(spaceId, callerKey);
        checks.add(workspaceCheck(workspaceId));
        return next(checks, 0, null);
    }

    /**
     * As {@link #admit(String, String, String)}, but a question refused only by the workspace budget
     * waits in {@code queue} (one queue per workspace) instead of being refused. The caller and space
     * budgets are checked once, before queueing, and refuse at once; while waiting, only the
     * workspace budget is tried again, so retries never spend the caller's or the space's permits.
     */
    public CompletionStage<RateLimitDecision> admitQueued(FairQueue queue, String workspaceId, String spaceId, String callerKey) {
        Check workspace = workspaceCheck(workspaceId);
        return next(narrowChecks(spaceId, callerKey), 0, null).thenCompose(narrow -> {
            if (narrow != null && !narrow.allowed()) {
                return CompletableFuture.completedFuture(narrow);
            }
            return queue.acquire(workspaceId, () -> next(List.of(workspace), 0, narrow));
        });
    }

    private List<Check> narrowChecks(String spaceId, String callerKey) {
        List<Check> checks = new ArrayList<>(3);
        if (userRule != null && callerKey != null) {
            checks.add(new Check(RateLimitKey.user(callerKey), userRule));
        }
        if (spaceRule != null && spaceId != null) {
            checks.add(new Check(RateLimitKey.space(spaceId), spaceRule));
        }
        return checks;
    }

    private Check workspaceCheck(String workspaceId) {
        return new Check(RateLimitKey.workspace(workspaceId), workspaceRule);
    }

    private CompletionStage<RateLimitDecision> next(List<Check> checks, int index, RateLimitDecision tightest) {
        if (index == checks.size()) {
            return CompletableFuture.completedFuture(tightest);
        }
        Check check = checks.get(index);
        return limiter.tryAcquire(check.key(), check.rule()).thenCompose(decision -> {
            listener.onDecision(check.key(), decision);
            if (!decision.allowed()) {
                return CompletableFuture.completedFuture(decision);
            }
            RateLimitDecision nowTightest = tightest == null || decision.remaining() <= tightest.remaining() ? decision : tightest;
            return next(checks, index + 1, nowTightest);
        });
    }

    private record Check(RateLimitKey key, RateLimitRule rule) {
    }
}
