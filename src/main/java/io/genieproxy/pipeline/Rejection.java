package io.genieproxy.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage's refusal of a request, as a value: one handler turns it into the Databricks error
 * envelope {@code {"error_code": ..., "message": ...}}, the HTTP status, and the audit outcome.
 * The message is shown to the caller: it never holds a token, secret or unredacted value.
 *
 * @param reason why, which fixes status, error code and outcome
 * @param message a human-readable explanation
 * @param retryAfter for 429/503, how long the caller should wait; otherwise null
 * @param headers extra response headers (for example {@code RateLimit-*})
 */
public record Rejection(Reason reason, String message, Duration retryAfter, Map<String, String> headers) {

    /** The reasons a request can be refused. */
    public enum Reason {
        BAD_REQUEST(400, "BAD_REQUEST", AuditOutcome.DENIED),
        INVALID_PARAMETER(400, "INVALID_PARAMETER_VALUE", AuditOutcome.DENIED),
        UNAUTHENTICATED(401, "UNAUTHENTICATED", AuditOutcome.DENIED),
        PERMISSION_DENIED(403, "PERMISSION_DENIED", AuditOutcome.DENIED),
        NOT_FOUND(404, "ENDPOINT_NOT_FOUND", AuditOutcome.DENIED),
        PAYLOAD_TOO_LARGE(413, "REQUEST_LIMIT_EXCEEDED", AuditOutcome.DENIED),
        HEADERS_TOO_LARGE(431, "REQUEST_LIMIT_EXCEEDED", AuditOutcome.DENIED),
        RATE_LIMITED(429, "REQUEST_LIMIT_EXCEEDED", AuditOutcome.RATE_LIMITED),
        INTERNAL(500, "INTERNAL_ERROR", AuditOutcome.ERROR),
        BAD_GATEWAY(502, "BAD_GATEWAY", AuditOutcome.ERROR),
        REDACTION_FAILED(502, "BAD_GATEWAY", AuditOutcome.ERROR),
        IDENTITY_UNAVAILABLE(503, "TEMPORARILY_UNAVAILABLE", AuditOutcome.ERROR),
        TOKEN_EXCHANGE_FAILED(502, "BAD_GATEWAY", AuditOutcome.ERROR),
        UNAVAILABLE(503, "TEMPORARILY_UNAVAILABLE", AuditOutcome.ERROR),
        AUDIT_UNAVAILABLE(503, "TEMPORARILY_UNAVAILABLE", AuditOutcome.ERROR),
        GATEWAY_TIMEOUT(504, "DEADLINE_EXCEEDED", AuditOutcome.ERROR);

        private final int status;
        private final String errorCode;
        private final AuditOutcome outcome;

        Reason(int status, String errorCode, AuditOutcome outcome) {
            this.status = status;
            this.errorCode = errorCode;
            this.outcome = outcome;
        }

        public int status() {
            return status;
        }

        public String errorCode() {
            return errorCode;
        }

        public AuditOutcome outcome() {
            return outcome;
        }
    }

    public Rejection {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static Rejection of(Reason reason, String message) {
        return new Rejection(reason, message, null, Map.of());
    }

    public static Rejection retryLater(Reason reason, String message, Duration retryAfter) {
        return new Rejection(reason, message, retryAfter, Map.of());
    }

    public Rejection withHeaders(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return new Rejection(reason, message, retryAfter, all);
    }

    public int status() {
        return reason.status();
    }

    /** Seconds for the {@code Retry-After} header, at least 1, or -1 when there is none. */
    public long retryAfterSeconds() {
        if (retryAfter == null) {
            return -1;
        }
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** The Databricks error envelope as JSON. */
    public String envelope() {
        return ErrorEnvelope.json(reason.errorCode(), message);
    }
}
