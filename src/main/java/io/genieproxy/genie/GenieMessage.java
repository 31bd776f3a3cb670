package io.genieproxy.genie;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a Genie message (GET message, create-message, or the {@code message} inside a
 * start-conversation answer) that telemetry and audit need.
 */
public record GenieMessage(
        String messageId,
        String conversationId,
        String spaceId,
        String status,
        String question,
        String sql,
        String statementId,
        Long rowCount,
        List<Attachment> attachments,
        String error,
        Long createdTimestamp,
        Long lastUpdatedTimestamp) {

    /** Terminal statuses: the message will not change any more (QUERY_RESULT_EXPIRED comes later, to a completed one). */
    public static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    /** One attachment: its id, type, a query's title and a text attachment's answer; never rows. */
    public record Attachment(String attachmentId, String type, String title, String text) {
    }

    public boolean isTerminal() {
        return status != null && TERMINAL.contains(status);
    }

    /** Milliseconds from the question to the last update, when both timestamps are known. */
    public Long timeToAnswerMillis() {
        if (createdTimestamp == null || lastUpdatedTimestamp == null || lastUpdatedTimestamp < createdTimestamp) {
            return null;
        }
        return lastUpdatedTimestamp - createdTimestamp;
    }

    /** Reads a message from a response body of the given operation; null when the body holds none. */
    public static GenieMessage read(GenieOperation operation, byte[] body) throws IOException {
        Object root = JsonTree.parse(body);
        Object message = switch (operation) {
            case START_CONVERSATION -> JsonTree.object(root, "message");
            case CREATE_MESSAGE, GET_MESSAGE -> root;
            default -> null;
        };
        if (!(message instanceof Map<?, ?> m) || m.isEmpty()) {
            if (operation == GenieOperation.START_CONVERSATION && JsonTree.text(root, "message_id") != null) {
                return new GenieMessage(JsonTree.text(root, "message_id"), JsonTree.text(root, "conversation_id"), null,
                        null, null, null, null, null, List.of(), null, null, null);
            }
            return null;
        }
        return fromMap(message);
    }

    /**
     * The messages of a list-messages page, in the page's order (a message without an id is kept as null, so an
     * index still names the element it came from); an empty list when the body holds none.
     */
    public static List<GenieMessage> readPage(byte[] body) throws IOException {
        List<GenieMessage> page = new ArrayList<>();
        for (Object m : JsonTree.list(JsonTree.parse(body), "messages")) {
            page.add(m instanceof Map<?, ?> map && !map.isEmpty() ? fromMap(m) : null);
        }
        return page;
    }

    private static GenieMessage fromMap(Object m) {
        String sql = null;
        String statementId = null;
        Long rowCount = null;
        List<Attachment> attachments = new ArrayList<>();
        for (Object a : JsonTree.list(m, "attachments")) {
            String id = JsonTree.text(a, "attachment_id");
            Map<String, Object> query = JsonTree.object(a, "query");
            Map<String, Object> text = JsonTree.object(a, "text");
            if (!query.isEmpty()) {
                if (sql == null) {
                    sql = JsonTree.text(query, "query");
                    statementId = JsonTree.text(query, "statement_id");
                    rowCount = JsonTree.number(JsonTree.object(query, "query_result_metadata"), "row_count");
                }
                attachments.add(new Attachment(id, "query", JsonTree.text(query, "title"), null));
            } else if (!text.isEmpty()) {
                attachments.add(new Attachment(id, "text", null, JsonTree.text(text, "content")));
            } else if (!JsonTree.object(a, "suggested_questions").isEmpty()) {
                attachments.add(new Attachment(id, "suggested_questions", null, null));
            } else {
                attachments.add(new Attachment(id, "other", null, null));
            }
        }
        Map<String, Object> error = JsonTree.object(m, "error");
        String errorText = error.isEmpty() ? null : (JsonTree.text(error, "type") + ": " + JsonTree.text(error, "error"));
        return new GenieMessage(
                JsonTree.text(m, "message_id") != null ? JsonTree.text(m, "message_id") : JsonTree.text(m, "id"),
                JsonTree.text(m, "conversation_id"),
                JsonTree.text(m, "space_id"),
                JsonTree.text(m, "status"),
                JsonTree.text(m, "content"),
                sql, statementId, rowCount, attachments, errorText,
                JsonTree.number(m, "created_timestamp"),
                JsonTree.number(m, "last_updated_timestamp"));
    }
}
