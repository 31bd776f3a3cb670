package io.genieproxy.redaction;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a found value is replaced.
 *
 * <ul>
 *   <li>{@code MASK}: {@code [REDACTED:EMAIL]}.</li>
 *   <li>{@code PARTIAL}: every letter and digit but the last four becomes {@code *}, separators stay:
 *       {@code **** **** **** 1111}; values with fewer than eight letters and digits are masked whole.</li>
 *   <li>{@code PSEUDONYM}: category and the first 12 hex digits of HMAC-SHA256(key, normalised value):
 *       {@code EMAIL_3f9a1c2b7d4e}; the same value gives the same pseudonym under the same key, so joins
 *       and counts still work.</li>
 *   <li>{@code DROP}: a query-result cell becomes JSON {@code null}; in free text the value is removed.</li>
 *   <li>{@code FORMAT_PRESERVING}: digits become keyed, deterministic digits, letters become {@code x}/{@code X},
 *       separators and length stay.</li>
 * </ul>
 */
public enum RedactionMode {
    MASK,
    PARTIAL,
    PSEUDONYM,
    DROP,
    FORMAT_PRESERVING;

    /** Whether the mode needs the policy's secret key. */
    public boolean needsKey() {
        return this == PSEUDONYM || this == FORMAT_PRESERVING;
    }

    /** The spelling used in policy files: lower case, words joined by dashes. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a policy spelling ({@code format-preserving}, {@code FORMAT_PRESERVING}); null when unknown. */
    static RedactionMode fromPolicyName(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RedactionMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        return null;
    }

    static String policyNames() {
        return Arrays.stream(values()).map(RedactionMode::policyName).collect(Collectors.joining(", "));
    }
}
