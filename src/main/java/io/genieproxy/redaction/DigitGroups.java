package io.genieproxy.redaction;

import java.util.ArrayList;
import java.util.Arrays;
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

    int[] starts = new int[8];
    int[] ends = new int[8];
    int count;
    char separator;
    /** Digits in all groups. */
    int totalDigits;

    private final DigitSequence sequence = new DigitSequence();

    private DigitGroups() {
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

    /**
     * The digits of groups {@code [fromGroup, toGroup)} as one sequence for the checksums in {@link Checksums},
     * copied into a buffer this instance reuses; valid until the next call.
     */
    CharSequence digitSequence(String text, int fromGroup, int toGroup) {
        int length = digitCount(fromGroup, toGroup);
        if (sequence.digits.length < length) {
            sequence.digits = new char[length];
        }
        int at = 0;
        for (int g = fromGroup; g < toGroup; g++) {
            text.getChars(starts[g], ends[g], sequence.digits, at);
            at += ends[g] - starts[g];
        }
        sequence.length = length;
        return sequence;
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
        List<DigitGroups> runs = new ArrayList<>(2);
        find(text, minDigits, runs, new ArrayList<>(1));
        return runs;
    }

    /**
     * Adds to {@code runs} every run of {@code text}, starting after a non-word character, with at least
     * {@code minDigits} digits in total; instances are taken from {@code spares} when it has any, and one
     * left unused is put back. Where the separator changes, the group before it ends one run and starts the
     * next, so {@code 7 536-22-1234} gives {@code 7 536} and {@code 536-22-1234}.
     */
    static void find(String text, int minDigits, List<DigitGroups> runs, List<DigitGroups> spares) {
        int n = text.length();
        DigitGroups run = null;
        boolean afterWordChar = false;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || afterWordChar) {
                afterWordChar = Chars.isAlnum(c);
                i++;
                continue;
            }
            if (run == null) {
                run = spares.isEmpty() ? new DigitGroups() : spares.remove(spares.size() - 1);
            }
            int end = run.collect(text, i);
            // A second kind of separator ends the run; its last group may start the next one ("7 536-22-1234").
            int next = run.count > 1 && end + 1 < n && Chars.isDigit(text.charAt(end + 1))
                    && (text.charAt(end) == ' ' || text.charAt(end) == '-') ? run.starts[run.count - 1] : -1;
            if (run.totalDigits >= minDigits) {
                runs.add(run);
                run = null;
            }
            if (next >= 0) {
                afterWordChar = false;
                i = next;
                continue;
            }
            // The character at end is not a digit, so the next run starts after it at the earliest.
            afterWordChar = end < n && Chars.isAlnum(text.charAt(end));
            i = end + 1;
        }
        if (run != null) {
            spares.add(run);
        }
    }

    /** Reads the groups starting at the digit at {@code start} into this instance; returns where they end. */
    private int collect(String text, int start) {
        int n = text.length();
        int groups = 0;
        char joiner = 0;
        int digits = 0;
        int j = start;
        while (true) {
            int groupStart = j;
            while (j < n && Chars.isDigit(text.charAt(j))) {
                j++;
            }
            if (groups == starts.length) {
                starts = Arrays.copyOf(starts, groups * 2);
                ends = Arrays.copyOf(ends, groups * 2);
            }
            starts[groups] = groupStart;
            ends[groups] = j;
            groups++;
            digits += j - groupStart;
            if (j + 1 < n && Chars.isDigit(text.charAt(j + 1))) {
                char c = text.charAt(j);
                if ((c == ' ' || c == '-') && (joiner == 0 || joiner == c)) {
                    joiner = c;
                    j++;
                    continue;
                }
            }
            break;
        }
        count = groups;
        separator = joiner;
        totalDigits = digits;
        return j;
    }

    /** The digits of a slice of this run's groups, in a buffer reused from slice to slice. */
    private static final class DigitSequence implements CharSequence {
        char[] digits = new char[24];
        int length;

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return digits[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            return new String(digits, 0, length);
        }
    }
}
