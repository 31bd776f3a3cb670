package io.genieproxy.audit;

import io.genieproxy.pipeline.AnswerReport;
import io.genieproxy.pipeline.AuditOutcome;
import java.time.Instant;
import java.util.Objects;

/**
 * One proxied (or refused) request to the Genie API, written with {@code kind = request}.
 *
 * @param time when the request arrived
 * @param requestId the proxy's request id
 * @param traceId the W3C trace id, null when tracing is off
 * @param caller who called, null when authentication failed before an identity was known
 * @param workspace the workspace host or id the request was for
 * @param action the platform-aligned action name, e.g. {@code genieStartConversationMessage}
 * @param spaceId the Genie space id from the path, or null
 * @param conversationId the conversation id from the path, or null
 * @param messageId the message id from the path, or null
 * @param attachmentId the attachment id from the path, or null
 * @param method the HTTP method
 * @param path the request path without query string
 * @param status the HTTP status the proxy answered with
 * @param outcome allowed, denied, rate_limited or error
 * @param latencyMs time from arrival to the last byte of the answer
 * @param cache how the cache treated the request, null when the cache did not take part
 * @param upstreamStatus the workspace's status, null when the request never reached it
 * @param rateLimit the rate-limit decision, null when no limit applied (e.g. polls)
 * @param reason a short reason for a denial or error, null when allowed; never a value from the request
 * @param answer what the answer carried back (result columns and rows, redaction counts by category and
 *     column), null when redaction did not read it (a route without personal data, redaction off, a refusal)
 */
public record RequestAuditRecord(
        Instant time,
        String requestId,
        String traceId,
        AuditCaller caller,
        String workspace,
        String action,
        String spaceId,
        String conversationId,
        String messageId,
        String attachmentId,
        String method,
        String path,
        int status,
        AuditOutcome outcome,
        long latencyMs,
        AuditCacheStatus cache,
        Integer upstreamStatus,
        AuditRateLimit rateLimit,
        String reason,
        AnswerReport answer) implements AuditRecord {
    /** The {@code kind} of these lines. */
    public static final String KIND = "request";

    public RequestAuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public String kind() {
        return KIND;
    }
}
