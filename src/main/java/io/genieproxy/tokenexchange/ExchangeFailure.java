package io.genieproxy.tokenexchange;

import io.genieproxy.pipeline.Rejection;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A token exchange that produced no upstream token: the IdP said no (502), the IdP could not be
 * reached (503), or no exchange is configured for the workspace (502). The public message may name the
 * IdP's error code (for example {@code invalid_grant}, {@code AADSTS65001}) but never a token or secret.
 */
public final class ExchangeFailure extends Exception {

    /** What went wrong, which fixes the status. */
    public enum Kind {
        /** The IdP answered and refused (invalid_grant, interaction_required, invalid_client...): 502. */
        REFUSED(502),
        /** The IdP was unreachable, timed out, or answered 5xx/429: 503. */
        UNAVAILABLE(503),
        /** The proxy has no exchange configured for the target (for example an unknown workspace): 502. */
        NOT_CONFIGURED(502);

        private final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private static final long serialVersionUID = 1L;

    private final Kind kind;
    private final String idpError;

    ExchangeFailure(Kind kind, String publicMessage, String idpError) {
        super(publicMessage, null, false, false);
        this.kind = kind;
        this.idpError = idpError;
    }

    /** Finds an ExchangeFailure inside the wrappers a CompletionStage puts around it. */
    public static Optional<ExchangeFailure> unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof ExchangeFailure failure ? Optional.of(failure) : Optional.empty();
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return kind.status;
    }

    /** Safe to show the caller and to log. */
    public String publicMessage() {
        return getMessage();
    }

    /** The IdP's error code (sanitised), when it sent one. */
    public Optional<String> idpError() {
        return Optional.ofNullable(idpError);
    }

    public Rejection toRejection() {
        return kind == Kind.UNAVAILABLE
                ? Rejection.of(Rejection.Reason.UNAVAILABLE, getMessage())
                : Rejection.of(Rejection.Reason.TOKEN_EXCHANGE_FAILED, getMessage());
    }

    @Override
    public String toString() {
        return "ExchangeFailure[" + kind + ", " + getMessage() + "]";
    }
}
