package io.genieproxy.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One question in a conversation: who asked it, when, its deterministic answer, attachment ids, feedback and comments. */
final class SimulatedMessage {
    /** A comment left on the message. */
    record Comment(String id, String content, long userId, Instant created) {
    }

    final String messageId;
    final String conversationId;
    final String spaceId;
    final SimulatedUser owner;
    final String content;
    final Instant createdAt;
    final Answer answer;
    final boolean enableVisualization;
    final String queryAttachmentId;
    final String textAttachmentId;
    final String suggestionsAttachmentId;
    final String vizAttachmentId;
    final String statementId;
    private final List<Comment> comments = new ArrayList<>();
    private boolean deleted;
    private String feedbackRating;
    private String feedbackComment;

    SimulatedMessage(GenieIds ids, String conversationId, String spaceId, SimulatedUser owner, String content,
            Instant createdAt, Answer answer, boolean enableVisualization) {
        this.messageId = ids.next();
        this.conversationId = conversationId;
        this.spaceId = spaceId;
        this.owner = owner;
        this.content = content;
        this.createdAt = createdAt;
        this.answer = answer;
        this.enableVisualization = enableVisualization;
        this.queryAttachmentId = answer.hasQuery() ? ids.next() : null;
        this.textAttachmentId = answer.text() != null ? ids.next() : null;
        this.suggestionsAttachmentId = answer.suggestedQuestions().isEmpty() ? null : ids.next();
        this.vizAttachmentId = enableVisualization && answer.kind() == Answer.Kind.QUERY ? ids.next() : null;
        this.statementId = answer.hasQuery() ? ids.statementId() : null;
    }

    synchronized boolean isDeleted() {
        return deleted;
    }

    synchronized void delete() {
        deleted = true;
    }

    synchronized void feedback(String rating, String comment) {
        feedbackRating = rating;
        feedbackComment = comment;
    }

    synchronized String feedbackRating() {
        return feedbackRating;
    }

    synchronized String feedbackComment() {
        return feedbackComment;
    }

    synchronized void addComment(Comment comment) {
        comments.add(comment);
    }

    synchronized List<Comment> comments() {
        return List.copyOf(comments);
    }

    /** Whether this id names the query attachment or the visualization attachment built on it. */
    boolean isQueryAttachment(String attachmentId) {
        return attachmentId != null && (attachmentId.equals(queryAttachmentId) || attachmentId.equals(vizAttachmentId));
    }
}
