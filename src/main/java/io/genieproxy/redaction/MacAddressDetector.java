package io.genieproxy.redaction;

import java.util.List;

/** MAC (EUI-48) addresses: six hex pairs joined by one consistent {@code :} or {@code -}, or Cisco's {@code 0011.2233.4455}. */
public final class MacAddressDetector implements Detector {

    @Override
    public PiiCategory category() {
        return PiiCategory.MAC_ADDRESS;
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return profile.length() >= 14;
    }

    @Override
    public void detect(String text, String contextHint, List<Finding> out) {
        int n = text.length();
        for (int i = 0; i + 14 <= n; i++) {
            if (!Chars.isHex(text.charAt(i)) || Chars.isAlnumAt(text, i - 1) || continuesBackwards(text, i)) {
                continue;
            }
            int end = pairs(text, i, n);
            if (end < 0) {
                end = cisco(text, i, n);
            }
            if (end > 0 && !Chars.isAlnumAt(text, end) && !continues(text, end)) {
                out.add(new Finding(PiiCategory.MAC_ADDRESS, i, end));
                i = end;
            }
        }
    }

    private static boolean continuesBackwards(String text, int start) {
        return start >= 2 && (text.charAt(start - 1) == ':' || text.charAt(start - 1) == '-' || text.charAt(start - 1) == '.')
                && Chars.isHex(text.charAt(start - 2));
    }

    private static boolean continues(String text, int end) {
        return end + 1 < text.length() && (text.charAt(end) == ':' || text.charAt(end) == '-' || text.charAt(end) == '.')
                && Chars.isHex(text.charAt(end + 1));
    }

    private static int pairs(String text, int i, int n) {
        if (i + 17 > n) {
            return -1;
        }
        char separator = text.charAt(i + 2);
        if (separator != ':' && separator != '-') {
            return -1;
        }
        for (int pair = 0; pair < 6; pair++) {
            int p = i + pair * 3;
            if (!Chars.isHex(text.charAt(p)) || !Chars.isHex(text.charAt(p + 1))) {
                return -1;
            }
            if (pair < 5 && text.charAt(p + 2) != separator) {
                return -1;
            }
        }
        return i + 17;
    }

    private static int cisco(String text, int i, int n) {
        for (int quad = 0; quad < 3; quad++) {
            int p = i + quad * 5;
            for (int k = 0; k < 4; k++) {
                if (p + k >= n || !Chars.isHex(text.charAt(p + k))) {
                    return -1;
                }
            }
            if (quad < 2 && (p + 4 >= n || text.charAt(p + 4) != '.')) {
                return -1;
            }
        }
        return i + 14;
    }
}
