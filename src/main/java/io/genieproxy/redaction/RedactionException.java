package io.genieproxy.redaction;

/**
 * A body could not be redacted (not JSON, truncated, trailing content); the caller must answer with an
 * error and never the original body. The message names a position, never content.
 */
public final class RedactionException extends Exception {
    public RedactionException(String message) {
        super(message);
    }

    public RedactionException(String message, Throwable cause) {
        super(message, cause);
    }
}
