package io.genieproxy.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Question limits ({@code genie.rate-limit.*}); polls and reads are never counted.
 *
 * @param qpm questions per minute per workspace ({@code GENIE_RATE_LIMIT_QPM}, default 5, the platform's)
 * @param burst questions allowed back to back before the smooth rate applies (default 0 = {@code qpm})
 * @param spaceQpm per-space limit, 0 (default) for none
 * @param userQpm per-caller limit, 0 (default) for none
 * @param policy {@code reject} (default: 429 at once) or {@code queue} (wait in a fair FIFO up to {@code maxWait})
 * @param maxWait longest a queued question waits before it is refused (default 30s)
 * @param maxQueue most questions waiting per workspace (default 100)
 * @param redisFailure when Redis is unreachable: {@code local} (default: keep limiting in-process at
 *                     {@code fallbackShare} of each budget) or {@code reject} (fail closed: 503)
 * @param fallbackShare share of each budget a replica keeps while Redis is down (default 0.5)
 */
@ConfigurationProperties("genie.rate-limit")
public record RateLimitSettings(
        @Bindable(defaultValue = "5") long qpm,
        @Bindable(defaultValue = "0") long burst,
        @Bindable(defaultValue = "0") long spaceQpm,
        @Bindable(defaultValue = "0") long userQpm,
        @Bindable(defaultValue = "reject") String policy,
        @Bindable(defaultValue = "30s") Duration maxWait,
        @Bindable(defaultValue = "100") int maxQueue,
        @Bindable(defaultValue = "local") String redisFailure,
        @Bindable(defaultValue = "0.5") double fallbackShare) {

    public boolean isQueueing() {
        return "queue".equalsIgnoreCase(policy);
    }

    /** A rule for a per-minute limit, or null when the limit is off. */
    public RateLimitRule rule(long perMinute) {
        if (perMinute <= 0) {
            return null;
        }
        return new RateLimitRule(perMinute, burst > 0 ? burst : perMinute);
    }
}
