package io.genieproxy.auth;

import io.genieproxy.pipeline.Rejection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a caller could not be authenticated, with the HTTP status and a public message that never
 * holds a token: the caller gets no anonymous pass in any of these cases.
 */
public final class AuthFailure extends Exception {

    /** The families of failure, each with its default status. */
    public enum Kind {
        /** No bearer credential at all (401). */
        MISSING(401),
        /** Credentials in an ambiguous or forbidden place: two headers, two tokens, the query string (400). */
        MALFORMED(400),
        /** The credential itself is not acceptable: bad shape, signature, issuer, audience, times (401). */
        INVALID(401),
        /** The workspace refused the token: its own status and body are passed to the caller. */
        UPSTREAM_REFUSED(403),
        /** The identity could not be established now (workspace or JWKS unreachable): 503, never a pass. */
        UNAVAILABLE(503);

        private final int defaultStatus;

        Kind(int defaultStatus) {
            this.defaultStatus = defaultStatus;
        }
    }

    private static final long serialVersionUID = 1L;

    private final Kind kind;
    private final int status;
    private final String publicMessage;
    private final String upstreamBody;
    private final List<Map.Entry<String, String>> upstreamHeaders;

    private AuthFailure(Kind kind, int status, String publicMessage, String upstreamBody,
                        List<Map.Entry<String, String>> upstreamHeaders, Throwable cause) {
        super(publicMessage, cause, false, cause != null);
        this.kind = kind;
        this.status = status;
        this.publicMessage = publicMessage;
        this.upstreamBody = upstreamBody;
        this.upstreamHeaders = upstreamHeaders;
    }

    public static AuthFailure missing(String publicMessage) {
        return new AuthFailure(Kind.MISSING, Kind.MISSING.defaultStatus, publicMessage, null, List.of(), null);
    }

    public static AuthFailure malformed(String publicMessage) {
        return new AuthFailure(Kind.MALFORMED, Kind.MALFORMED.defaultStatus, publicMessage, null, List.of(), null);
    }

    public static AuthFailure invalid(String publicMessage) {
        return new AuthFailure(Kind.INVALID, Kind.INVALID.defaultStatus, publicMessage, null, List.of(), null);
    }

    /**
     * The workspace's own refusal, passed through as is.
     *
     * @param status the workspace's status (401 or 403)
     * @param body the workspace's body (its error envelope), never the caller's token
     * @param headers the workspace's headers that describe the refusal ({@code Content-Type},
     *                {@code X-Databricks-Reason-Phrase}), never one that carries a credential
     */
    public static AuthFailure upstreamRefused(int status, String body, List<Map.Entry<String, String>> headers) {
        return new AuthFailure(Kind.UPSTREAM_REFUSED, status, "The workspace refused the credential.",
                body == null ? "" : body, List.copyOf(headers), null);
    }

    /** The identity can't be established now; the cause must not carry a token in its message. */
    public static AuthFailure unavailable(String publicMessage, Throwable cause) {
        return new AuthFailure(Kind.UNAVAILABLE, Kind.UNAVAILABLE.defaultStatus, publicMessage, null, List.of(), cause);
    }

    /** Finds an AuthFailure inside the wrappers a CompletionStage puts around it. */
    public static Optional<AuthFailure> unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException || t instanceof ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        return t instanceof AuthFailure failure ? Optional.of(failure) : Optional.empty();
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** A message safe to show the caller and to log: no token, no secret, no claim values. */
    public String publicMessage() {
        return publicMessage;
    }

    /** For {@link Kind#UPSTREAM_REFUSED}: the workspace's body to pass through; otherwise empty. */
    public Optional<String> upstreamBody() {
        return Optional.ofNullable(upstreamBody);
    }

    /** For {@link Kind#UPSTREAM_REFUSED}: the workspace's headers to pass through with its body; otherwise empty. */
    public List<Map.Entry<String, String>> upstreamHeaders() {
        return upstreamHeaders;
    }

    /**
     * The refusal as a pipeline value; for {@link Kind#UPSTREAM_REFUSED} prefer passing
     * {@link #upstreamBody()} through with {@link #status()}.
     */
    public Rejection toRejection() {
        return switch (kind) {
            case MISSING, INVALID -> Rejection.of(Rejection.Reason.UNAUTHENTICATED, publicMessage);
            case MALFORMED -> Rejection.of(Rejection.Reason.BAD_REQUEST, publicMessage);
            case UPSTREAM_REFUSED -> Rejection.of(status == 401 ? Rejection.Reason.UNAUTHENTICATED
                    : Rejection.Reason.PERMISSION_DENIED, publicMessage);
            case UNAVAILABLE -> Rejection.of(Rejection.Reason.IDENTITY_UNAVAILABLE, publicMessage);
        };
    }

    @Override
    public String toString() {
        return "AuthFailure[" + kind + ", " + status + ", " + publicMessage + "]";
    }
}
