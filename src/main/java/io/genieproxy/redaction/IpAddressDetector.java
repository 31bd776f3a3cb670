package io.genieproxy.redaction;

import java.util.List;

/**
 * IP addresses: dotted-quad IPv4 with every octet 0-255, and every textual IPv6 form (full,
 * {@code ::}-compressed, IPv4-embedded like {@code ::ffff:192.0.2.1}, with a zone such as
 * {@code fe80::1%eth0}).
 *
 * <p>A dotted quad that is a valid address is reported as one, except where it is plainly a version:
 * directly after {@code v}, or after the word version, ver, release or build.
 */
public final class IpAddressDetector implements Detector {
    private static final ContextWords VERSION_WORDS = new ContextWords("version", "ver ", "ver.", "release", "build");

    @Override
    public PiiCategory category() {
        return PiiCategory.IP_ADDRESS;
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return profile.hasDottedQuadShape() || profile.hasDoubleColon() || profile.colons() >= 6;
    }

    @Override
    public void detect(String text, String contextHint, List<Finding> out) {
        int firstV6 = out.size();
        if (text.indexOf("::") >= 0 || countColons(text) >= 6) {
            findV6(text, out);
        }
        int v6End = out.size();
        findV4(text, out, firstV6, v6End);
    }

    private static int countColons(String text) {
        int colons = 0;
        for (int i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
            colons++;
        }
        return colons;
    }

    private static void findV4(String text, List<Finding> out, int firstV6, int v6End) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (!Chars.isDigit(text.charAt(i)) || Chars.isAlnumAt(text, i - 1)) {
                continue;
            }
            if (i > 0 && text.charAt(i - 1) == '.' && Chars.isDigitAt(text, i - 2)) {
                continue;
            }
            int end = parseV4(text, i, n);
            if (end < 0) {
                while (i < n && Chars.isDigit(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            boolean followedByMore = Chars.isAlnumAt(text, end)
                    || (end < n && text.charAt(end) == '.' && Chars.isDigitAt(text, end + 1));
            boolean insideV6 = false;
            for (int k = firstV6; k < v6End; k++) {
                if (out.get(k).start() <= i && out.get(k).end() >= end) {
                    insideV6 = true;
                }
            }
            if (!followedByMore && !insideV6 && !isVersion(text, i)) {
                out.add(new Finding(PiiCategory.IP_ADDRESS, i, end));
            }
            i = end;
        }
    }

    private static boolean isVersion(String text, int start) {
        if (start > 0 && (text.charAt(start - 1) == 'v' || text.charAt(start - 1) == 'V')) {
            return true;
        }
        int from = Math.max(0, start - 12);
        return VERSION_WORDS.isPresent(text.substring(from, start), start - from, "");
    }

    /** Parses four dotted octets at {@code i}; returns the end index or -1. */
    static int parseV4(CharSequence text, int i, int n) {
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= n || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int value = 0;
            int digits = 0;
            while (i < n && Chars.isDigit(text.charAt(i)) && digits < 4) {
                value = value * 10 + (text.charAt(i) - '0');
                digits++;
                i++;
            }
            if (digits == 0 || digits > 3 || value > 255) {
                return -1;
            }
        }
        return i;
    }

    private static void findV6(String text, List<Finding> out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean startChar = Chars.isHex(c) || c == ':';
            if (!startChar || ((i > 0 && isV6Char(text.charAt(i - 1)) || Chars.isAlnumAt(text, i - 1)) && !isLabelled(text, i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && isV6Char(text.charAt(end))) {
                end++;
            }
            int matched = -1;
            int candidateEnd = end;
            while (candidateEnd > i + 1) {
                if (!Chars.isAlnumAt(text, candidateEnd) && isValidV6(text, i, candidateEnd)) {
                    matched = candidateEnd;
                    break;
                }
                char last = text.charAt(candidateEnd - 1);
                if (last != ':' && last != '.') {
                    break;
                }
                candidateEnd--;
            }
            if (matched > 0) {
                int spanEnd = matched;
                if (spanEnd < n && text.charAt(spanEnd) == '%') {
                    int zoneEnd = spanEnd + 1;
                    while (zoneEnd < n && (Chars.isAlnum(text.charAt(zoneEnd)) || text.charAt(zoneEnd) == '.'
                            || text.charAt(zoneEnd) == '-')) {
                        zoneEnd++;
                    }
                    if (zoneEnd > spanEnd + 1) {
                        spanEnd = zoneEnd;
                    }
                }
                out.add(new Finding(PiiCategory.IP_ADDRESS, i, spanEnd));
                i = spanEnd;
            } else {
                i = Math.max(end, i + 1);
            }
        }
    }

    /**
     * Whether an address may start at {@code i} right after a {@code word:} label ({@code addr:fe80::1},
     * {@code client_ip:2001:db8::1}): a single colon after a word that has a letter no hex group has, so the word
     * cannot be the address's own first group.
     */
    private static boolean isLabelled(String text, int i) {
        if (i < 2 || !Chars.isHex(text.charAt(i)) || text.charAt(i - 1) != ':' || !Chars.isAlnum(text.charAt(i - 2))) {
            return false;
        }
        for (int k = i - 2; k >= 0 && (Chars.isAlnum(text.charAt(k)) || text.charAt(k) == '_'); k--) {
            if (!Chars.isHex(text.charAt(k)) && text.charAt(k) != '_') {
                return true;
            }
        }
        return false;
    }

    private static boolean isV6Char(char c) {
        return Chars.isHex(c) || c == ':' || c == '.';
    }

    /** Validates {@code text[from, to)} as an IPv6 address in any RFC 4291 textual form. */
    static boolean isValidV6(String text, int from, int to) {
        int doubleColon = text.indexOf("::", from);
        if (doubleColon >= to - 1) {
            doubleColon = -1;
        }
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0 && text.indexOf("::", doubleColon + 1) < to - 1) {
            return false;
        }
        int groups;
        if (doubleColon < 0) {
            groups = countGroups(text, from, to, true);
            return groups == 8;
        }
        int left = doubleColon == from ? 0 : countGroups(text, from, doubleColon, false);
        int right = doubleColon + 2 == to ? 0 : countGroups(text, doubleColon + 2, to, true);
        if (left < 0 || right < 0) {
            return false;
        }
        return left + right <= 7 && left + right >= 1;
    }

    /** Counts colon-separated hex groups in a non-empty range (an IPv4 tail counts as two); -1 if malformed. */
    private static int countGroups(String text, int from, int to, boolean ipv4TailAllowed) {
        if (from >= to) {
            return -1;
        }
        int groups = 0;
        int groupStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == ':') {
                int len = i - groupStart;
                if (len == 0) {
                    return -1;
                }
                boolean hasDot = false;
                for (int k = groupStart; k < i; k++) {
                    if (text.charAt(k) == '.') {
                        hasDot = true;
                        break;
                    }
                }
                if (hasDot) {
                    if (i != to || !ipv4TailAllowed || parseV4(text, groupStart, i) != i) {
                        return -1;
                    }
                    groups += 2;
                } else {
                    if (len > 4) {
                        return -1;
                    }
                    for (int k = groupStart; k < i; k++) {
                        if (!Chars.isHex(text.charAt(k))) {
                            return -1;
                        }
                    }
                    groups++;
                }
                groupStart = i + 1;
            }
        }
        return groups;
    }
}
