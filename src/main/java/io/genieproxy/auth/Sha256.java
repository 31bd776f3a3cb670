package io.genieproxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in hex of a string's UTF-8 bytes, with one digest instance per thread: for fingerprints and pseudonyms. */
public final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private Sha256() {
    }

    public static String hex(String value) {
        // digest() resets the thread's instance for its next use
        return HexFormat.of().formatHex(DIGEST.get().digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
