package io.genieproxy.redaction;

/** A policy file is malformed; the message names the offending key so the operator can fix it (startup fails closed). */
public final class InvalidRedactionPolicyException extends IllegalArgumentException {
    public InvalidRedactionPolicyException(String message) {
        super("redaction policy: " + message);
    }

    public InvalidRedactionPolicyException(String message, Throwable cause) {
        super("redaction policy: " + message, cause);
    }
}
