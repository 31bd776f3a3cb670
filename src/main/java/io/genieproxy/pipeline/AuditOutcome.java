package io.genieproxy.pipeline;

/** The outcome of a request as the audit log records it. */
public enum AuditOutcome {
    ALLOWED, DENIED, RATE_LIMITED, ERROR;

    /** The outcome of a finished request: a refusal's own, else from the status the caller got. */
    public static AuditOutcome of(ProxyResponse response) {
        if (response.isRejected()) {
            return response.rejection().reason().outcome();
        }
        int status = response.status();
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 401 || status == 403) {
            return DENIED;
        }
        return status >= 500 ? ERROR : ALLOWED;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
