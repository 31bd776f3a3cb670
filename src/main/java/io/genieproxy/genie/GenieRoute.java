package io.genieproxy.genie;

import java.util.Locale;
import java.util.Optional;

/**
 * One parsed Genie request: the operation and the ids in its path. Ids are {@code null} when the
 * path does not carry them. {@code method} is upper case. {@code path} is the normalised path that is
 * forwarded; {@code query} the raw query string or {@code null}.
 */
public record GenieRoute(
        GenieOperation operation,
        String method,
        String path,
        String query,
        String spaceId,
        String conversationId,
        String messageId,
        String attachmentId,
        String extraId) {

    /**
     * Whether this request asks Genie a new question (it counts against the question budget); a write to an
     * endpoint this model does not know counts too, since it may be a new way of asking.
     */
    public boolean isQuestion() {
        if (operation == GenieOperation.OTHER) {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }
        return operation.isQuestion();
    }

    public boolean isPoll() {
        return operation.isPoll();
    }

    public boolean isCacheable() {
        return operation.isCacheable() && method.equals("GET");
    }

    public boolean carriesPii() {
        return operation.carriesPii();
    }

    /** Whether repeating the request cannot change anything upstream (GETs); questions never are. */
    public boolean isIdempotent() {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** The path plus query as sent upstream. */
    public String target() {
        return query == null ? path : path + "?" + query;
    }

    public Optional<String> space() {
        return Optional.ofNullable(spaceId);
    }

    @Override
    public String toString() {
        return operation.name() + " " + method.toUpperCase(Locale.ROOT) + " " + path;
    }
}
