package io.genieproxy.audit;

import java.util.Locale;
import java.util.Objects;

/**
 * One attachment of a Genie message as the audit log records it: its id, type and title, never its rows.
 *
 * @param attachmentId the Genie attachment id
 * @param type what the attachment holds
 * @param title the query title or null
 */
public record AuditAttachment(String attachmentId, Type type, String title) {

    public AuditAttachment {
        Objects.requireNonNull(type, "type");
    }

    /** The kinds of attachment Genie returns, written lowercase with underscores. */
    public enum Type {
        QUERY, TEXT, SUGGESTED_QUESTIONS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
