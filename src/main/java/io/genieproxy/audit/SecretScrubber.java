package io.genieproxy.audit;

import java.util.regex.Pattern;

/**
 * The last guard before a value reaches the audit file: replaces anything shaped like a bearer credential
 * (an {@code Authorization: Bearer} value, a Databricks personal access token, a JWT) with a marker.
 *
 * <p>The proxy never hands a token to the audit log on purpose; this catches the accident (a token pasted
 * into a question, a client that puts one in its User-Agent). A bearer value must be at least 16 token
 * characters, so prose like "the bearer of bad news" is left alone.
 */
public final class SecretScrubber {

    /** What a credential is replaced with. */
    public static final String MARKER = "[credential removed]";

    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{16,}"
                    + "|dapi[0-9a-f]{16,}(?:-\\d+)?"
                    + "|eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");

    /** Whether the value contains something shaped like a bearer credential. */
    public boolean containsCredential(String value) {
        return value != null && mayHoldCredential(value) && CREDENTIAL.matcher(value).find();
    }

    /**
     * A cheap first look: every credential shape starts with "bearer" (any case), "dapi" or "eyJ". Uses the
     * JDK's intrinsic {@code indexOf} rather than a look at every character.
     */
    private static boolean mayHoldCredential(String value) {
        return value.contains("eyJ") || value.contains("dapi") || holdsBearerFrom(value, 'b') || holdsBearerFrom(value, 'B');
    }

    private static boolean holdsBearerFrom(String value, char first) {
        for (int i = value.indexOf(first); i >= 0; i = value.indexOf(first, i + 1)) {
            if (value.regionMatches(true, i, "bearer", 0, 6)) {
                return true;
            }
        }
        return false;
    }

    /** The value with every credential-shaped part replaced by {@link #MARKER}; the same instance when clean. */
    public String scrub(String value) {
        if (!containsCredential(value)) {
            return value;
        }
        return CREDENTIAL.matcher(value).replaceAll(MARKER);
    }
}
