package io.genieproxy.ratelimit;

import java.time.Duration;

/**
 * A budget: a sustained rate in permits per minute and how many permits may be taken at once.
 *
 * @param permitsPerMinute the sustained rate, at least 1 (Genie's published limit is 5 per workspace)
 * @param burst how many permits an idle key can take back to back, at least 1
 */
public record RateLimitRule(long permitsPerMinute, long burst) {
    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

    public RateLimitRule {
        if (permitsPerMinute < 1) {
            throw new IllegalArgumentException("permitsPerMinute must be at least 1, was " + permitsPerMinute);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
    }

    /** The time one permit takes to come back: 12 s for 5 per minute. */
    public Duration emissionInterval() {
        return Duration.ofNanos(emissionIntervalNanos());
    }

    long emissionIntervalNanos() {
        return NANOS_PER_MINUTE / permitsPerMinute;
    }

    /** How far ahead of now the theoretical arrival time may run: {@code burst} emission intervals. */
    long toleranceNanos() {
        return Math.multiplyExact(emissionIntervalNanos(), burst);
    }

    /**
     * This rule scaled down to a share of it (rate and burst), never below one permit: what one
     * replica may use on its own while the shared budget is unreachable.
     */
    public RateLimitRule share(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + share);
        }
        return new RateLimitRule(
                Math.max(1, (long) Math.floor(permitsPerMinute * share)),
                Math.max(1, (long) Math.floor(burst * share)));
    }
}
