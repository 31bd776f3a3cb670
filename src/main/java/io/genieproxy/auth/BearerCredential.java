package io.genieproxy.auth;

import java.util.Objects;

/**
 * One bearer token as the caller sent it; its {@link #toString()} prints only a fingerprint.
 *
 * @param token the raw token, never logged
 */
public record BearerCredential(String token) {

    private static final int FINGERPRINT_HEX_CHARS = 32;

    public BearerCredential {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("an empty bearer credential");
        }
    }

    /**
     * The first 128 bits of the token's SHA-256, in hex: long enough to key caches without
     * collisions, safe to log because it can't be turned back into the token.
     */
    public String fingerprint() {
        return Sha256.hex(token).substring(0, FINGERPRINT_HEX_CHARS);
    }

    @Override
    public String toString() {
        return "BearerCredential[fingerprint=" + fingerprint() + "]";
    }
}
