package io.genieproxy.telemetry;

/** Span attribute keys the proxy sets; never a token or a redacted value. */
public final class SpanAttributes {
    private SpanAttributes() {
    }

    public static final String OPERATION = "genie.operation";
    public static final String SPACE_ID = "genie.space_id";
    public static final String CONVERSATION_ID = "genie.conversation_id";
    public static final String MESSAGE_ID = "genie.message_id";
    public static final String STATUS = "genie.status";
    public static final String CACHE = "genie.cache";
    public static final String RATE_LIMIT_DECISION = "genie.rate_limit.decision";
    public static final String REDACTIONS = "genie.redactions";
    public static final String CALLER = "genie.caller";
    public static final String TIME_TO_ANSWER_MS = "genie.time_to_answer_ms";
    public static final String OUTCOME = "genie.outcome";
    /** OpenTelemetry HTTP semantic conventions. */
    public static final String HTTP_METHOD = "http.request.method";
    public static final String HTTP_STATUS = "http.response.status_code";
    public static final String ERROR_TYPE = "error.type";
}
