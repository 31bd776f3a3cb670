package io.genieproxy.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers written as digit groups joined by single dots in one exact layout ({@code 536.22.1234},
 * {@code 4111.1111.1111.1111}), standing alone. Dots are no separator for {@link DigitGroups}, since amounts,
 * versions, dates and IP addresses use them; detectors ask for a dotted layout only where it is unambiguous.
 */
final class DottedNumbers {
    private DottedNumbers() {
    }

    /** Start and end of each standalone chain of dotted digit groups in {@code text} whose groups have exactly {@code lengths}. */
    static List<int[]> find(String text, int... lengths) {
        if (text.indexOf('.') < 0) {
            return List.of();
        }
        List<int[]> found = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!Chars.isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int groups = 0;
            boolean fits = true;
            while (true) {
                int groupStart = i;
                while (i < n && Chars.isDigit(text.charAt(i))) {
                    i++;
                }
                fits &= groups < lengths.length && i - groupStart == lengths[groups];
                groups++;
                if (i + 1 < n && text.charAt(i) == '.' && Chars.isDigit(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                break;
            }
            if (fits && groups == lengths.length && Chars.isStandalone(text, start, i)) {
                if (found == null) {
                    found = new ArrayList<>(1);
                }
                found.add(new int[] {start, i});
            }
        }
        return found == null ? List.of() : found;
    }

    /** The digits of {@code text[start, end)}, dots left out. */
    static String digits(String text, int start, int end) {
        StringBuilder digits = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '.') {
                digits.append(c);
            }
        }
        return digits.toString();
    }
}
