package io.genieproxy.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The details of a Genie message that reached a terminal status, written with {@code kind = message_details};
 * it replaces the batch job that fetched them from the Genie API after the fact.
 *
 * @param time when the terminal status was observed
 * @param requestId the proxy request id of the poll that observed it
 * @param traceId the W3C trace id, or null
 * @param caller who asked the question
 * @param workspace the workspace host or id
 * @param spaceId the Genie space id
 * @param conversationId the conversation id
 * @param messageId the message id
 * @param question the question text, already redacted by the caller
 * @param sql the generated SQL, already redacted by the caller, or null
 * @param statementId the SQL statement id (joins with {@code system.query.history}), or null
 * @param status the terminal message status, e.g. {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}
 * @param rowCount rows in the query result, or null
 * @param attachments the message's attachments, never null (empty when none)
 * @param error the Genie error text, or null
 * @param redactions redaction counts by category, never null (empty when nothing was masked)
 * @param timeToAnswerMs time from the question to the terminal status, or null when unknown
 */
public record MessageDetailsAuditRecord(
        Instant time,
        String requestId,
        String traceId,
        AuditCaller caller,
        String workspace,
        String spaceId,
        String conversationId,
        String messageId,
        String question,
        String sql,
        String statementId,
        String status,
        Long rowCount,
        List<AuditAttachment> attachments,
        String error,
        Map<String, Integer> redactions,
        Long timeToAnswerMs) implements AuditRecord {
    /** The {@code kind} of these lines. */
    public static final String KIND = "message_details";

    public MessageDetailsAuditRecord {
        Objects.requireNonNull(time, "time");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        redactions = redactions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(redactions));
    }

    @Override
    public String kind() {
        return KIND;
    }
}
