package io.genieproxy.audit;

import java.io.IOException;

/** An audit record was not made durable; the proxy answers 503 in fail-closed mode when it sees this. */
public final class AuditWriteException extends IOException {

    public AuditWriteException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditWriteException(String message) {
        super(message);
    }
}
