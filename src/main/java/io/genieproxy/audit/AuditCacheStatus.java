package io.genieproxy.audit;

/** How the answer cache treated a request, as written in the {@code cache} member. */
public enum AuditCacheStatus {
    HIT, MISS, BYPASS
}
