package io.genieproxy.redaction;

/** ASCII character tests shared by the detectors; deliberately ASCII-only, as every format they validate is. */
final class Chars {
    /** {@link #isAlnum} of each ASCII character, looked up instead of compared range by range. */
    private static final boolean[] ALNUM = new boolean[128];

    static {
        for (char c = 0; c < ALNUM.length; c++) {
            ALNUM[c] = isDigit(c) || isLetter(c) || c == '_';
        }
    }

    private Chars() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        // Setting bit 5 folds upper to lower case; only 'a'..'z' land below 26, everything else wraps above.
        return (char) ((c | 0x20) - 'a') < 26;
    }

    static boolean isAlnum(char c) {
        return c < 128 && ALNUM[c];
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isAlnumAt(String text, int i) {
        return i >= 0 && i < text.length() && isAlnum(text.charAt(i));
    }

    static boolean isDigitAt(String text, int i) {
        return i >= 0 && i < text.length() && isDigit(text.charAt(i));
    }

    /**
     * Whether {@code text[start, end)} stands alone: not glued to a word or number on either side, and
     * not the middle of a dotted or dashed chain such as {@code ORD-123-45-6789} or {@code 1.5}.
     */
    static boolean isStandalone(String text, int start, int end) {
        if (isAlnumAt(text, start - 1) || isAlnumAt(text, end)) {
            return false;
        }
        if (start >= 2) {
            char before = text.charAt(start - 1);
            if ((before == '-' || before == '.' || before == '/') && isAlnumAt(text, start - 2)) {
                return false;
            }
        }
        if (end + 1 < text.length()) {
            char after = text.charAt(end);
            if ((after == '-' || after == '/' || after == '.') && isAlnumAt(text, end + 1)) {
                return false;
            }
        }
        return true;
    }
}
