package io.genieproxy.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Computes the lowercase hex hash of a line's hashed bytes: SHA-256, or HMAC-SHA256 when given a key; not thread-safe. */
final class ChainHasher {

    /** The {@code prev_hash} of the first record of a chain. */
    static final String GENESIS_HASH = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest digest;
    private final Mac mac;

    ChainHasher(byte[] hmacKeyOrNull) {
        try {
            if (hmacKeyOrNull == null) {
                digest = MessageDigest.getInstance("SHA-256");
                mac = null;
            } else {
                if (hmacKeyOrNull.length == 0) {
                    throw new IllegalArgumentException("an HMAC key must not be empty; pass null for plain SHA-256");
                }
                digest = null;
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(hmacKeyOrNull, "HmacSHA256"));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 / HmacSHA256 is not available in this JVM", e);
        }
    }

    String hash(byte[] bytes, int offset, int length) {
        if (mac != null) {
            mac.update(bytes, offset, length);
            return HEX.formatHex(mac.doFinal());
        }
        digest.update(bytes, offset, length);
        return HEX.formatHex(digest.digest());
    }

    /** Compares two hex hashes in time independent of where they differ. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
                b.getBytes(StandardCharsets.US_ASCII));
    }
}
