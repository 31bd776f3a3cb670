package io.genieproxy.tokenexchange;

import java.util.Locale;
import java.util.Set;

/**
 * Strict mode for secrets and endpoints from the environment: a missing, blank or placeholder value
 * stops startup with a message naming the variable, never its value.
 */
public final class SecretSettings {

    private static final Set<String> PLACEHOLDER_WORDS = Set.of(
            "changeme", "change-me", "change_me", "todo", "tbd", "fixme", "placeholder", "replaceme", "replace-me",
            "secret", "password", "dummy", "example", "null", "none", "undefined");

    private SecretSettings() {
    }

    /**
     * The value, stripped of surrounding whitespace, when it is real.
     *
     * @throws IllegalStateException naming {@code envName} when the value is missing, blank or a placeholder
     */
    public static String requireReal(String envName, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(envName + " is required but not set");
        }
        String v = value.strip();
        if (isPlaceholder(v)) {
            throw new IllegalStateException(envName + " looks like a template stand-in; set the real value");
        }
        return v;
    }

    /** Whether the value looks like a template's stand-in rather than a real value. */
    public static boolean isPlaceholder(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("your-") || v.startsWith("your_") || v.startsWith("<") && v.endsWith(">")
                || v.startsWith("${") && v.endsWith("}") || v.startsWith("{{") && v.endsWith("}}")) {
            return true;
        }
        if (PLACEHOLDER_WORDS.contains(v) || v.matches("x{3,}") || v.matches("[*.]{3,}")) {
            return true;
        }
        String collapsed = v.replaceAll("[^a-z0-9]", "");
        if (collapsed.contains("changeme") || collapsed.contains("replaceme") || collapsed.contains("placeholder")) {
            return true;
        }
        for (String word : v.split("[^a-z0-9]+")) {
            if (word.equals("changeme") || word.equals("placeholder") || word.equals("todo") || word.equals("replaceme")
                    || word.matches("x{3,}")) {
                return true;
            }
        }
        return false;
    }
}
