package io.genieproxy.ratelimit;

import java.time.Duration;

/**
 * Observes rate limiting for metrics and logs, without tying this package to a metrics library.
 * Implementations must be fast and must not throw.
 */
public interface RateLimitListener {
    /** Does nothing. */
    RateLimitListener NONE = new RateLimitListener() {
    };

    /** A decision was made for a key (the {@code source} tells whether it was a fallback decision). */
    default void onDecision(RateLimitKey key, RateLimitDecision decision) {
    }

    /**
     * The shared limiter became unreachable: called once per outage, not per request.
     *
     * @param reason a bounded label: {@code timeout}, {@code connection} or {@code error}
     */
    default void onFallback(String reason) {
    }

    /** The shared limiter answers again after an outage that lasted {@code outage}. */
    default void onRecovery(Duration outage) {
    }

    /** A queued question left the queue, admitted or not, after waiting {@code waited}. */
    default void onQueueExit(String queue, Duration waited, boolean admitted) {
    }
}
