package io.genieproxy.audit;

/**
 * The rate-limit decision taken for a request, written as the {@code rate_limit} member.
 *
 * @param allowed whether the request was let through
 * @param remaining tokens left in the caller's bucket after the decision, null when unknown
 * @param retryAfterMs how long a refused caller was told to wait, null when allowed
 */
public record AuditRateLimit(boolean allowed, Long remaining, Long retryAfterMs) {

    public static AuditRateLimit allowed(long remaining) {
        return new AuditRateLimit(true, remaining, null);
    }

    public static AuditRateLimit refused(long retryAfterMs) {
        return new AuditRateLimit(false, 0L, retryAfterMs);
    }
}
