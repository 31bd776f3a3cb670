package io.genieproxy.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Renders conversations, messages and comments in the workspace's snake_case JSON, as of a given instant. */
final class GenieJson {
    private final MessageLifecycle lifecycle;

    GenieJson(MessageLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    JsonObject conversation(SimulatedConversation c) {
        return JsonObject.create()
                .with("conversation_id", c.conversationId)
                .with("id", c.conversationId)
                .with("space_id", c.spaceId)
                .with("title", c.title)
                .with("user_id", c.owner.numericId())
                .with("created_timestamp", c.createdAt.toEpochMilli())
                .with("last_updated_timestamp", c.lastUpdated().toEpochMilli());
    }

    JsonObject conversationSummary(SimulatedConversation c) {
        return JsonObject.create()
                .with("conversation_id", c.conversationId)
                .with("title", c.title)
                .with("created_timestamp", c.createdAt.toEpochMilli())
                .with("agent_type", "GENIE_CONVERSATION_TYPE_CHAT");
    }

    JsonObject message(SimulatedMessage m, Instant now) {
        Answer answer = m.answer;
        String status = lifecycle.status(answer.kind(), m.createdAt, now);
        boolean completed = status.equals(MessageLifecycle.COMPLETED);
        boolean querying = status.equals(MessageLifecycle.EXECUTING_QUERY) || status.equals("FAILED");
        long updated = lifecycle.lastUpdated(answer.kind(), m.createdAt, now).toEpochMilli();
        List<Object> attachments = new ArrayList<>();
        if (m.queryAttachmentId != null && (completed || querying)) {
            attachments.add(queryAttachment(m, completed, updated));
        }
        if (completed && m.textAttachmentId != null) {
            attachments.add(JsonObject.create().with("attachment_id", m.textAttachmentId).with("text", JsonObject.create()
                    .with("id", m.textAttachmentId).with("content", answer.text()).with("purpose", "TEXT_ATTACHMENT_PURPOSE_ANSWER")));
        }
        if (completed && m.vizAttachmentId != null) {
            attachments.add(JsonObject.create().with("attachment_id", m.vizAttachmentId).with("viz", JsonObject.create()
                    .with("query_attachment_id", m.queryAttachmentId).with("title", answer.title())));
        }
        if (completed && m.suggestionsAttachmentId != null) {
            attachments.add(JsonObject.create().with("attachment_id", m.suggestionsAttachmentId)
                    .with("suggested_questions", JsonObject.create().with("questions", answer.suggestedQuestions())));
        }
        JsonObject json = JsonObject.create()
                .with("message_id", m.messageId)
                .with("id", m.messageId)
                .with("conversation_id", m.conversationId)
                .with("space_id", m.spaceId)
                .with("content", m.content)
                .with("status", status)
                .with("user_id", m.owner.numericId())
                .with("created_timestamp", m.createdAt.toEpochMilli())
                .with("last_updated_timestamp", updated)
                .with("attachments", attachments.isEmpty() ? null : attachments);
        if (status.equals("FAILED")) {
            json.with("error", JsonObject.create()
                    .with("error", "SQL execution failed: [DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012")
                    .with("type", "SQL_EXECUTION_EXCEPTION"));
        }
        if (m.feedbackRating() != null) {
            json.with("feedback", JsonObject.create().with("rating", m.feedbackRating()).with("comment", m.feedbackComment()));
        }
        if (completed && answer.kind() == Answer.Kind.QUERY) {
            json.with("query_result", JsonObject.create().with("statement_id", m.statementId)
                    .with("row_count", answer.rowCount()).with("is_truncated", false));
        }
        return json;
    }

    private static JsonObject queryAttachment(SimulatedMessage m, boolean completed, long updated) {
        Answer answer = m.answer;
        return JsonObject.create().with("attachment_id", m.queryAttachmentId).with("query", JsonObject.create()
                .with("id", m.queryAttachmentId)
                .with("title", answer.title())
                .with("description", answer.description())
                .with("query", answer.sql())
                .with("statement_id", m.statementId)
                .with("query_result_metadata", completed
                        ? JsonObject.create().with("row_count", answer.rowCount()).with("is_truncated", false) : null)
                .with("last_updated_timestamp", updated));
    }

    JsonObject comment(SimulatedMessage m, SimulatedMessage.Comment c) {
        return JsonObject.create()
                .with("message_comment_id", c.id())
                .with("content", c.content())
                .with("space_id", m.spaceId)
                .with("conversation_id", m.conversationId)
                .with("message_id", m.messageId)
                .with("user_id", c.userId())
                .with("created_timestamp", c.created().toEpochMilli());
    }
}
