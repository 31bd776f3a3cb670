package io.genieproxy.ratelimit;

import java.util.concurrent.CompletionStage;

/**
 * The role: takes one permit from a key's budget, or says why not and for how long.
 *
 * <p>A refusal is a normal completion ({@code allowed == false}); the stage completes
 * exceptionally only when the strategy could not decide at all (for example Redis unreachable),
 * which {@link FallbackRateLimiter} turns into a decision.
 */
public interface RateLimiter {
    CompletionStage<RateLimitDecision> tryAcquire(RateLimitKey key, RateLimitRule rule);
}
