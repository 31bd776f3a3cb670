package io.genieproxy.redaction;

import java.util.List;
import java.util.Set;

/**
 * UK National Insurance numbers: two prefix letters under HMRC's rules (no D, F, I, Q, U, V; no O
 * second; not BG, GB, KN, NK, NT, TN, ZZ), six digits, suffix A-D; solid or spaced {@code AB 12 34 56 C}.
 */
public final class UkNinoDetector implements Detector {
    private static final Set<String> BARRED_PREFIXES = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

    @Override
    public PiiCategory category() {
        return PiiCategory.UK_NINO;
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return profile.digits() >= 6 && profile.upperLetters() >= 3;
    }

    @Override
    public void detect(String text, String contextHint, List<Finding> out) {
        int n = text.length();
        for (int i = 0; i + 9 <= n; i++) {
            char a = text.charAt(i);
            if (a < 'A' || a > 'Z' || Chars.isAlnumAt(text, i - 1) || i + 1 >= n) {
                continue;
            }
            char b = text.charAt(i + 1);
            if (b < 'A' || b > 'Z' || "DFIQUV".indexOf(a) >= 0 || "DFIQUVO".indexOf(b) >= 0
                    || BARRED_PREFIXES.contains(text.substring(i, i + 2))) {
                continue;
            }
            int j = i + 2;
            boolean spaced = j < n && text.charAt(j) == ' ';
            int digits = 0;
            while (digits < 6) {
                if (spaced && digits % 2 == 0) {
                    if (j >= n || text.charAt(j) != ' ') {
                        break;
                    }
                    j++;
                }
                if (j >= n || !Chars.isDigit(text.charAt(j))) {
                    break;
                }
                digits++;
                j++;
            }
            if (digits != 6) {
                continue;
            }
            if (spaced && j < n && text.charAt(j) == ' ') {
                j++;
            }
            if (j < n && text.charAt(j) >= 'A' && text.charAt(j) <= 'D' && !Chars.isAlnumAt(text, j + 1)) {
                out.add(new Finding(PiiCategory.UK_NINO, i, j + 1));
                i = j;
            }
        }
    }
}
