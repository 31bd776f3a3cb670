package io.genieproxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        return sha256Hex(token).substring(0, FINGERPRINT_HEX_CHARS);
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    static String sha256Hex(String value) {
        // digest() resets the thread's instance for its next use
        return HexFormat.of().formatHex(SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "BearerCredential[fingerprint=" + fingerprint() + "]";
    }
}
