package io.genieproxy.server;

import io.genieproxy.pipeline.ErrorEnvelope;

/**
 * Why a request was refused at the connection level, before any routing: the status, the Databricks
 * error envelope fields, and a bounded label for metrics. The message never echoes the request.
 *
 * @param status the HTTP status to answer
 * @param errorCode the envelope's {@code error_code}
 * @param message the envelope's {@code message}
 * @param reason a short, bounded label for metrics
 */
public record FramingRefusal(int status, String errorCode, String message, String reason) {

    static FramingRefusal malformed(String reason, String message) {
        return new FramingRefusal(400, "BAD_REQUEST", message, reason);
    }

    /** The Databricks error envelope as JSON. */
    public String envelope() {
        return ErrorEnvelope.json(errorCode, message);
    }
}
