package io.genieproxy.audit;

import java.util.Locale;
import java.util.Objects;

/**
 * One attachment of a Genie message as the audit log records it: its id, type, a query's title and a
 * text attachment's answer, redacted; never its rows.
 *
 * @param attachmentId the Genie attachment id
 * @param type what the attachment holds
 * @param title the query title or null
 * @param text the answer of a text attachment, redacted and at most {@link #MAX_TEXT_CHARS} characters, or null
 */
public record AuditAttachment(String attachmentId, Type type, String title, String text) {
    /** The longest answer text kept in a record; a longer one is cut and marked. */
    public static final int MAX_TEXT_CHARS = 4096;
    static final String CUT_MARK = " [...]";

    public AuditAttachment {
        Objects.requireNonNull(type, "type");
        if (text != null && text.length() > MAX_TEXT_CHARS) {
            int cut = MAX_TEXT_CHARS - CUT_MARK.length();
            if (Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
            text = text.substring(0, cut) + CUT_MARK;
        }
    }

    /** The kinds of attachment Genie returns, written lowercase with underscores. */
    public enum Type {
        QUERY, TEXT, SUGGESTED_QUESTIONS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
