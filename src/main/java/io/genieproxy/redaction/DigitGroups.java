package io.genieproxy.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of digit groups joined by one consistent separator (space or dash), such as
 * {@code 4111 1111 1111 1111} or {@code 123-45-6789}, found standalone in a text.
 *
 * <p>Space-separated runs may hold several values side by side ({@code qty 2 4111 1111 ...}), so
 * detectors may test any contiguous slice of their groups; dash-separated or unseparated runs are
 * one identifier and are tested only whole.
 */
final class DigitGroups {
    /** The fewest digits any grouped-number detector looks for; runs this long are found once per text and shared. */
    static final int SHARED_MIN_DIGITS = 9;

    final int[] starts;
    final int[] ends;
    final int count;
    final char separator;
    /** Digits in all groups. */
    final int totalDigits;

    private DigitGroups(int[] starts, int[] ends, int count, char separator, int totalDigits) {
        this.starts = starts;
        this.ends = ends;
        this.count = count;
        this.separator = separator;
        this.totalDigits = totalDigits;
    }

    /** Whether slices other than the whole run may be considered. */
    boolean allowsSlices() {
        return separator == ' ';
    }

    int digitCount(int fromGroup, int toGroup) {
        int total = 0;
        for (int g = fromGroup; g < toGroup; g++) {
            total += ends[g] - starts[g];
        }
        return total;
    }

    String digits(String text, int fromGroup, int toGroup) {
        StringBuilder sb = new StringBuilder(24);
        for (int g = fromGroup; g < toGroup; g++) {
            sb.append(text, starts[g], ends[g]);
        }
        return sb.toString();
    }

    /** The digits of groups {@code [fromGroup, toGroup)} read as one number; at most 18 digits, so it fits a long. */
    long value(String text, int fromGroup, int toGroup) {
        long value = 0;
        for (int g = fromGroup; g < toGroup; g++) {
            for (int i = starts[g]; i < ends[g]; i++) {
                value = value * 10 + (text.charAt(i) - '0');
            }
        }
        return value;
    }

    /** The first {@code count} digits (at most 9, and at most those of the slice) of groups {@code [fromGroup, toGroup)} as one number. */
    int leadingValue(String text, int fromGroup, int toGroup, int count) {
        int value = 0;
        int left = count;
        for (int g = fromGroup; g < toGroup && left > 0; g++) {
            for (int i = starts[g]; i < ends[g] && left > 0; i++, left--) {
                value = value * 10 + (text.charAt(i) - '0');
            }
        }
        return value;
    }

    /** Luhn (ISO/IEC 7812-1) over the digits of groups {@code [fromGroup, toGroup)}, read in place. */
    boolean isLuhnValid(String text, int fromGroup, int toGroup) {
        int sum = 0;
        boolean doubleIt = false;
        for (int g = toGroup - 1; g >= fromGroup; g--) {
            for (int i = ends[g] - 1; i >= starts[g]; i--) {
                int d = text.charAt(i) - '0';
                if (doubleIt) {
                    d *= 2;
                    if (d > 9) {
                        d -= 9;
                    }
                }
                sum += d;
                doubleIt = !doubleIt;
            }
        }
        return sum % 10 == 0;
    }

    /** Whether the groups {@code [fromGroup, toGroup)} repeat one digit throughout. */
    boolean isAllSameDigit(String text, int fromGroup, int toGroup) {
        char first = text.charAt(starts[fromGroup]);
        for (int g = fromGroup; g < toGroup; g++) {
            for (int i = starts[g]; i < ends[g]; i++) {
                if (text.charAt(i) != first) {
                    return false;
                }
            }
        }
        return true;
    }

    int length(int group) {
        return ends[group] - starts[group];
    }

    /** Whether the slice of groups {@code [fromGroup, toGroup)} is not glued to a word or longer identifier. */
    boolean isStandalone(String text, int fromGroup, int toGroup) {
        return Chars.isStandalone(text, starts[fromGroup], ends[toGroup - 1]);
    }

    /** Whether the groups {@code [fromGroup, toGroup)} have exactly these lengths. */
    boolean hasLayout(int fromGroup, int toGroup, int... lengths) {
        if (toGroup - fromGroup != lengths.length) {
            return false;
        }
        for (int g = 0; g < lengths.length; g++) {
            if (length(fromGroup + g) != lengths[g]) {
                return false;
            }
        }
        return true;
    }

    /** Every run, starting after a non-word character, with at least {@code minDigits} digits in total. */
    static List<DigitGroups> find(String text, int minDigits) {
        List<DigitGroups> runs = List.of();
        int n = text.length();
        int i = 0;
        int[] starts = null;
        int[] ends = null;
        while (i < n) {
            if (!Chars.isDigit(text.charAt(i)) || Chars.isAlnumAt(text, i - 1)) {
                i++;
                continue;
            }
            if (starts == null) {
                starts = new int[8];
                ends = new int[8];
            }
            int count = 0;
            char separator = 0;
            int digits = 0;
            int j = i;
            while (true) {
                int groupStart = j;
                while (j < n && Chars.isDigit(text.charAt(j))) {
                    j++;
                }
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                    ends = java.util.Arrays.copyOf(ends, count * 2);
                }
                starts[count] = groupStart;
                ends[count] = j;
                count++;
                digits += j - groupStart;
                if (j + 1 < n && Chars.isDigit(text.charAt(j + 1))) {
                    char c = text.charAt(j);
                    if ((c == ' ' || c == '-') && (separator == 0 || separator == c)) {
                        separator = c;
                        j++;
                        continue;
                    }
                }
                break;
            }
            if (digits >= minDigits) {
                if (runs.isEmpty()) {
                    runs = new ArrayList<>(2);
                }
                runs.add(new DigitGroups(starts, ends, count, separator, digits));
                starts = null;
                ends = null;
            }
            i = j + 1;
        }
        return runs;
    }
}
