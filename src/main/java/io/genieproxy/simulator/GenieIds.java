package io.genieproxy.simulator;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Mints Genie-style ids: 32 lower-case hex characters starting {@code 01f0}, and UUID-shaped statement ids. */
final class GenieIds {
    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] bytes = new byte[14];
        random.nextBytes(bytes);
        return "01f0" + HexFormat.of().formatHex(bytes);
    }

    String statementId() {
        String hex = next();
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
