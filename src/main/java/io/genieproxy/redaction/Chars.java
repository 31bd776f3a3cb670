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

    /** Whether {@code text[start, start + 2)} is {@code at}, in either case, right inside a pair of brackets: {@code (at)}, {@code [AT]}. */
    static boolean isBracketedAt(char[] text, int start, int from, int to) {
        return start > from && start + 2 < to && (text[start] | 0x20) == 'a' && (text[start + 1] | 0x20) == 't'
                && isBracketPair(text[start - 1], text[start + 2]);
    }

    /** Whether {@code word} (lower case) starts at {@code start} in either case, right inside a pair of brackets. */
    static boolean isBracketedWord(String text, int start, String word) {
        int end = start + word.length();
        return start > 0 && end < text.length() && isBracketPair(text.charAt(start - 1), text.charAt(end))
                && text.regionMatches(true, start, word, 0, word.length());
    }

    /** Whether {@code open} and {@code close} are a matching pair of round, square, curly or angle brackets. */
    static boolean isBracketPair(char open, char close) {
        return (open == '(' && close == ')') || (open == '[' && close == ']') || (open == '{' && close == '}')
                || (open == '<' && close == '>');
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
