package io.genieproxy.tokenexchange;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token for the workspace and when it expires; {@link #toString()} never prints the value.
 *
 * @param value the token
 * @param expiresAt when it expires, or null when unknown (the caller's own token in passthrough)
 */
public record UpstreamToken(String value, Instant expiresAt) {

    public UpstreamToken {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an empty upstream token");
        }
    }

    /** The {@code Authorization} header value. */
    public String authorizationHeader() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "UpstreamToken[expiresAt=" + expiresAt + "]";
    }
}
