package io.genieproxy.redaction;

import java.util.List;

/**
 * E-mail addresses: a dot-atom local part, {@code @} (or {@code %40}, as in a link's query string), and a domain of at
 * least two valid labels whose top level is alphabetic (or punycode); file names like {@code icon@2x.png} are not
 * addresses. Letters beyond ASCII count as letters in the local part and the domain ({@code müller@example.de},
 * {@code jane@bücher.example}), so no part of such an address is left showing. Addresses spelled out to hide them
 * from harvesters, with {@code at} and {@code dot} in brackets ({@code jane(at)example.com},
 * {@code jane [dot] roe [at] example [dot] com}), are found when the spelled-out domain is a valid one.
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
        return profile.ats() > 0 || profile.hasEncodedAt() || profile.hasBracketedAt();
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
        detectSpelledOut(text, out);
    }

    /** Addresses whose {@code @} (and perhaps dots) are spelled out in brackets: {@code jane [at] example [dot] com}. */
    private static void detectSpelledOut(String text, List<Finding> out) {
        int n = text.length();
        for (int i = 1; i + 2 < n; i++) {
            char c = text.charAt(i);
            if ((c | 0x20) != 'a' || !Chars.isBracketedWord(text, i, "at")) {
                continue;
            }
            int localEnd = i - 1;
            if (localEnd > 0 && text.charAt(localEnd - 1) == ' ') {
                localEnd--;
            }
            int start = spelledLocalStart(text, localEnd);
            StringBuilder domain = new StringBuilder(32);
            int end = spelledDomainEnd(text, i + 3, domain);
            if (start < localEnd && end > 0 && isValidDomain(domain.toString(), 0, domain.length())) {
                out.add(new Finding(PiiCategory.EMAIL, start, end));
                i = end;
            }
        }
    }

    /** Where a local part ending at {@code end} starts, across dots and bracketed {@code dot}s; {@code end} when there is none. */
    private static int spelledLocalStart(String text, int end) {
        int start = end;
        while (true) {
            int k = start;
            while (k > 0 && isLocalChar(text.charAt(k - 1))) {
                k--;
            }
            if (k == start) {
                break;
            }
            start = k;
            int before = start > 0 && text.charAt(start - 1) == ' ' ? start - 1 : start;
            if (before < 5 || !Chars.isBracketedWord(text, before - 4, "dot")) {
                break;
            }
            before -= 5;
            if (before > 0 && text.charAt(before - 1) == ' ') {
                before--;
            }
            if (before == 0 || !isLocalChar(text.charAt(before - 1))) {
                break;
            }
            start = before;
        }
        while (start < end && text.charAt(start) == '.') {
            start++;
        }
        return start;
    }

    /**
     * Reads a domain from {@code from} (after one optional space), its labels joined by dots or bracketed {@code dot}s,
     * into {@code domain} with plain dots; returns where it ends in {@code text}, or -1 when there is no label.
     */
    private static int spelledDomainEnd(String text, int from, StringBuilder domain) {
        int n = text.length();
        int j = from < n && text.charAt(from) == ' ' ? from + 1 : from;
        int end = -1;
        while (true) {
            int labelStart = j;
            while (j < n && isDomainChar(text.charAt(j)) && text.charAt(j) != '.') {
                j++;
            }
            if (j == labelStart) {
                break;
            }
            if (end > 0) {
                domain.append('.');
            }
            domain.append(text, labelStart, j);
            end = j;
            if (j + 1 < n && text.charAt(j) == '.' && isDomainChar(text.charAt(j + 1)) && text.charAt(j + 1) != '.') {
                j++;
                continue;
            }
            int k = j < n && text.charAt(j) == ' ' ? j + 1 : j;
            if (!Chars.isBracketedWord(text, k + 1, "dot")) {
                break;
            }
            k += 5;
            j = k < n && text.charAt(k) == ' ' ? k + 1 : k;
        }
        while (end > 0 && text.charAt(end - 1) == '-') {
            end--;
            domain.setLength(domain.length() - 1);
        }
        return end;
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
