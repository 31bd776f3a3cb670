package io.genieproxy.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to one permit request, with what the caller needs to pace itself.
 *
 * @param allowed whether the request may proceed
 * @param limit the burst size of the budget that decided (what {@code RateLimit-Limit} reports)
 * @param remaining permits that could be taken right now after this decision
 * @param retryAfter when refused, how long until one permit is available; zero when allowed
 * @param resetAfter how long until the budget is full again
 * @param source who decided: {@link #LOCAL}, {@link #REDIS}, {@link #FALLBACK} (local limiting
 *     while Redis is unreachable) or {@link #UNAVAILABLE} (Redis unreachable and the configured
 *     failure mode refuses: render as 503 rather than 429)
 */
public record RateLimitDecision(
        boolean allowed, long limit, long remaining, Duration retryAfter, Duration resetAfter, String source) {
    public static final String LOCAL = "local";
    public static final String REDIS = "redis";
    public static final String FALLBACK = "fallback";
    public static final String UNAVAILABLE = "unavailable";

    public RateLimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(resetAfter, "resetAfter");
        Objects.requireNonNull(source, "source");
        remaining = Math.max(0, remaining);
    }

    /** Whether the refusal comes from the shared limiter being down rather than from the budget. */
    public boolean isUnavailable() {
        return UNAVAILABLE.equals(source);
    }

    /** The same decision attributed to another source. */
    public RateLimitDecision withSource(String newSource) {
        return new RateLimitDecision(allowed, limit, remaining, retryAfter, resetAfter, newSource);
    }

    /**
     * Response headers: {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset}
     * (whole seconds, rounded up, as in the IETF RateLimit header draft) and, when refused,
     * {@code Retry-After} in whole seconds rounded up so a client that honours it is never early.
     */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("RateLimit-Limit", Long.toString(limit));
        h.put("RateLimit-Remaining", Long.toString(remaining));
        h.put("RateLimit-Reset", Long.toString(ceilSeconds(resetAfter)));
        if (!allowed) {
            h.put("Retry-After", Long.toString(Math.max(1, ceilSeconds(retryAfter))));
        }
        return h;
    }

    static long ceilSeconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }
}
