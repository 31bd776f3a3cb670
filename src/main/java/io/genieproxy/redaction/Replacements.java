package io.genieproxy.redaction;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Renders the replacement for a found value in a {@link RedactionMode}; keyed modes use HMAC-SHA256 with the policy's key. */
final class Replacements {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** The MASK replacement of every category and of {@code COLUMN}, built once instead of per value. */
    private static final Map<String, String> MASKS = masks();
    /** The MASK replacement of every category, by ordinal. */
    private static final String[] CATEGORY_MASKS = categoryMasks();
    /** Every MASK replacement (the categories' by ordinal, then {@code COLUMN}'s) and its ASCII bytes, at the same index. */
    private static final String[] ALL_MASKS = allMasks();
    private static final byte[][] ALL_MASK_BYTES = asciiBytes(ALL_MASKS);
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    Replacements(byte[] keyBytes) {
        this.key = keyBytes == null ? null : new SecretKeySpec(keyBytes, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        if (key == null) {
            throw new IllegalStateException("a keyed redaction mode was used without a key; policy validation should have refused it");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** The replacement for {@code value}, or null for {@link RedactionMode#DROP}. */
    String render(RedactionMode mode, String label, String value) {
        return switch (mode) {
            case MASK -> mask(label);
            case PARTIAL -> partial(value);
            case PSEUDONYM -> pseudonym(label, value);
            case DROP -> null;
            case FORMAT_PRESERVING -> formatPreserving(label, value);
        };
    }

    private static Map<String, String> masks() {
        Map<String, String> masks = new HashMap<>();
        for (PiiCategory category : PiiCategory.values()) {
            masks.put(category.name(), "[REDACTED:" + category.name() + "]");
        }
        masks.put(TextRedactor.COLUMN_LABEL, "[REDACTED:" + TextRedactor.COLUMN_LABEL + "]");
        return Map.copyOf(masks);
    }

    private static String[] categoryMasks() {
        String[] masks = new String[PiiCategory.values().length];
        for (PiiCategory category : PiiCategory.values()) {
            masks[category.ordinal()] = MASKS.get(category.name());
        }
        return masks;
    }

    private static String[] allMasks() {
        String[] masks = Arrays.copyOf(CATEGORY_MASKS, CATEGORY_MASKS.length + 1);
        masks[CATEGORY_MASKS.length] = MASKS.get(TextRedactor.COLUMN_LABEL);
        return masks;
    }

    private static byte[][] asciiBytes(String[] texts) {
        byte[][] bytes = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            bytes[i] = texts[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    /**
     * The ASCII bytes of {@code text} when it is one of the MASK replacements themselves (compared by identity), which
     * a JSON generator may copy as they are (no character in them needs escaping); null for any other text.
     */
    static byte[] maskBytes(String text) {
        if (text.isEmpty() || text.charAt(0) != '[') {
            return null;
        }
        for (int i = 0; i < ALL_MASKS.length; i++) {
            if (ALL_MASKS[i] == text) {
                return ALL_MASK_BYTES[i];
            }
        }
        return null;
    }

    /** The {@link RedactionMode#MASK} replacement of a category's finding. */
    static String mask(PiiCategory category) {
        return CATEGORY_MASKS[category.ordinal()];
    }

    /** The {@link RedactionMode#MASK} replacement, which does not depend on the value. */
    static String mask(String label) {
        String mask = MASKS.get(label);
        return mask != null ? mask : "[REDACTED:" + label + "]";
    }

    private static String partial(String value) {
        int alnum = 0;
        for (int i = 0; i < value.length(); i++) {
            if (Chars.isDigit(value.charAt(i)) || Chars.isLetter(value.charAt(i))) {
                alnum++;
            }
        }
        int keep = alnum >= 8 ? 4 : 0;
        StringBuilder out = new StringBuilder(value.length());
        int seen = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Chars.isDigit(c) || Chars.isLetter(c)) {
                seen++;
                out.append(seen > alnum - keep ? c : '*');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String pseudonym(String label, String value) {
        byte[] digest = hmac(label, normalize(label, value), 0);
        StringBuilder out = new StringBuilder(label.length() + 13).append(label).append('_');
        for (int i = 0; i < 6; i++) {
            out.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
        }
        return out.toString();
    }

    private String formatPreserving(String label, String value) {
        String normalized = normalize(label, value);
        StringBuilder out = new StringBuilder(value.length());
        byte[] stream = hmac(label, normalized, 0);
        int used = 0;
        int block = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Chars.isDigit(c)) {
                if (used == stream.length) {
                    stream = hmac(label, normalized, ++block);
                    used = 0;
                }
                out.append((char) ('0' + (stream[used++] & 0xff) % 10));
            } else if (c >= 'a' && c <= 'z') {
                out.append('x');
            } else if (c >= 'A' && c <= 'Z') {
                out.append('X');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Spelling differences that do not change the value (case, separators) give the same pseudonym. */
    private static String normalize(String label, String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (label.equals("EMAIL") || label.equals("URL") || label.equals("COLUMN")) {
            return lower;
        }
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private byte[] hmac(String label, String value, int block) {
        Mac mac = macs.get();
        mac.update(label.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update((byte) block);
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }
}
