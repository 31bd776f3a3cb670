package io.genieproxy.redaction;

import java.util.List;

/**
 * E-mail addresses: a dot-atom local part, {@code @} (or {@code %40}, as in a link's query string), and a domain of at
 * least two valid labels whose top level is alphabetic (or punycode); file names like {@code icon@2x.png} are not
 * addresses. Letters beyond ASCII count as letters in the local part and the domain ({@code müller@example.de},
 * {@code jane@bücher.example}), so no part of such an address is left showing.
 */
public final class EmailDetector implements Detector {
    private static final String[] FILE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "pdf"};
    /** The first letters of {@link #FILE_EXTENSIONS}: most top-level domains ({@code com}, {@code org}) are compared with none. */
    private static final String FILE_EXTENSION_INITIALS = "pjgswb";
    /** {@code @} percent-encoded, as links carry an address in their query string. */
    private static final String ENCODED_AT = "%40";

    @Override
    public PiiCategory category() {
        return PiiCategory.EMAIL;
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return profile.ats() > 0 || profile.hasEncodedAt();
    }

    @Override
    public void detect(String text, String contextHint, List<Finding> out) {
        boolean encoded = text.contains(ENCODED_AT);
        int at = nextAt(text, 0, encoded);
        while (at >= 0) {
            int domainStart = at + (text.charAt(at) == '@' ? 1 : ENCODED_AT.length());
            int start = at;
            while (start > 0 && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            int end = domainStart;
            while (end < text.length() && isDomainChar(text.charAt(end))) {
                end++;
            }
            while (end > domainStart && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
            }
            if (start < at && text.charAt(at - 1) != '.' && !hasDoubleDot(text, start, at)
                    && isValidDomain(text, domainStart, end)) {
                out.add(new Finding(PiiCategory.EMAIL, start, end));
            }
            at = nextAt(text, Math.max(end, domainStart), encoded);
        }
    }

    /** Where the next {@code @}, or {@code %40} when the text has any, is at or after {@code from}; -1 when none. */
    private static int nextAt(String text, int from, boolean encoded) {
        int at = text.indexOf('@', from);
        if (!encoded) {
            return at;
        }
        int percent = text.indexOf(ENCODED_AT, from);
        return at < 0 ? percent : percent < 0 ? at : Math.min(at, percent);
    }

    private static boolean hasDoubleDot(String text, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (text.charAt(i) == '.' && text.charAt(i - 1) == '.') {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocalChar(char c) {
        return Chars.isAlnum(c) || c == '.' || c == '%' || c == '+' || c == '-' || c == '\'' || isNonAsciiLetterOrDigit(c);
    }

    private static boolean isDomainChar(char c) {
        return Chars.isDigit(c) || Chars.isLetter(c) || c == '.' || c == '-' || isNonAsciiLetterOrDigit(c);
    }

    /** Internationalised addresses (RFC 6531) and domains written in Unicode rather than punycode. */
    private static boolean isNonAsciiLetterOrDigit(char c) {
        return c >= 0x80 && Character.isLetterOrDigit(c);
    }

    private static boolean isValidDomain(String text, int from, int to) {
        if (to - from < 4 || to - from > 253) {
            return false;
        }
        int labels = 0;
        int labelStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63 || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                if (i == to) {
                    return labels >= 2 && isTopLevel(text, labelStart, i);
                }
                labelStart = i + 1;
            }
        }
        return false;
    }

    private static boolean isTopLevel(String text, int from, int to) {
        // Setting bit 5 of anything but x or X (non-ASCII letters included) never gives x: a cheap test before the compare.
        if ((text.charAt(from) | 0x20) == 'x' && text.regionMatches(true, from, "xn--", 0, 4)) {
            return to - from > 4;
        }
        if (to - from < 2) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!Chars.isLetter(c) && !(c >= 0x80 && Character.isLetter(c))) {
                return false;
            }
        }
        return !isFileExtension(text, from, to);
    }

    /** Whether the ASCII letters {@code text[from, to)} are a file extension, in any case, without copying them. */
    private static boolean isFileExtension(String text, int from, int to) {
        if (to - from > 4 || FILE_EXTENSION_INITIALS.indexOf(text.charAt(from) | 0x20) < 0) {
            return false;
        }
        for (String extension : FILE_EXTENSIONS) {
            if (extension.length() == to - from && text.regionMatches(true, from, extension, 0, extension.length())) {
                return true;
            }
        }
        return false;
    }
}
