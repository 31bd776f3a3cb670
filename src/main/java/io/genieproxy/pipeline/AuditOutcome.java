package io.genieproxy.pipeline;

/** The outcome of a request as the audit log records it. */
public enum AuditOutcome {
    ALLOWED, DENIED, RATE_LIMITED, ERROR;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
