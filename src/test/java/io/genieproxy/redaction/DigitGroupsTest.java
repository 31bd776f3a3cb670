package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DigitGroupsTest {

    @Test
    void findsRunsJoinedByOneConsistentSeparator() {
        String text = "card 4111 1111 1111 1111, ssn 123-45-6789, mixed 123-45 6789";
        List<DigitGroups> runs = DigitGroups.find(text, 9);
        assertEquals(2, runs.size());
        assertEquals(4, runs.get(0).count);
        assertEquals(' ', runs.get(0).separator);
        assertEquals(3, runs.get(1).count);
        assertEquals('-', runs.get(1).separator);
    }

    @Test
    void whereTheSeparatorChangesTheGroupBeforeItStartsTheNextRun() {
        List<DigitGroups> runs = DigitGroups.find("id 7 536-22-1234", 1);
        assertEquals(2, runs.size());
        assertEquals(List.of(2, ' ', 4), List.of(runs.get(0).count, runs.get(0).separator, runs.get(0).totalDigits));
        assertEquals(List.of(3, '-', 9), List.of(runs.get(1).count, runs.get(1).separator, runs.get(1).totalDigits));
        List<DigitGroups> long9 = DigitGroups.find("4111-1111-1111-1111 536 22 1234", 9);
        assertEquals(2, long9.size());
        assertEquals(List.of(4, '-', 16), List.of(long9.get(0).count, long9.get(0).separator, long9.get(0).totalDigits));
        assertEquals(List.of(4, ' ', 13), List.of(long9.get(1).count, long9.get(1).separator, long9.get(1).totalDigits));
    }

    @Test
    void readsTheDigitsOfASliceInPlace() {
        String text = "x 4111 1111 1111 1111 y";
        DigitGroups run = DigitGroups.find(text, 9).get(0);
        assertEquals(4111111111111111L, run.value(text, 0, 4));
        assertEquals(11111111L, run.value(text, 2, 4));
        assertEquals(411111, run.leadingValue(text, 0, 4, 6));
        assertEquals(41, run.leadingValue(text, 0, 4, 2));
        assertEquals(1111, run.leadingValue(text, 3, 4, 6));
    }

    @Test
    void digitSequenceChecksAgreeWithTheChecksumsOverTheDigitString() {
        Random random = new Random(7);
        for (int t = 0; t < 20_000; t++) {
            StringBuilder text = new StringBuilder("n ");
            int groups = 1 + random.nextInt(5);
            for (int g = 0; g < groups; g++) {
                if (g > 0) {
                    text.append(' ');
                }
                int length = 1 + random.nextInt(6);
                char same = (char) ('0' + random.nextInt(10));
                for (int i = 0; i < length; i++) {
                    text.append(random.nextInt(4) == 0 ? same : (char) ('0' + random.nextInt(10)));
                }
            }
            String s = text.toString();
            for (DigitGroups run : DigitGroups.find(s, 1)) {
                for (int from = 0; from < run.count; from++) {
                    for (int to = from + 1; to <= run.count; to++) {
                        String digits = run.digits(s, from, to);
                        CharSequence sequence = run.digitSequence(s, from, to);
                        assertEquals(digits.length(), sequence.length(), s);
                        for (int i = 0; i < digits.length(); i++) {
                            assertEquals(digits.charAt(i), sequence.charAt(i), s);
                        }
                        assertEquals(Checksums.isLuhnValid(digits), Checksums.isLuhnValid(sequence), s);
                        assertEquals(Checksums.isAllSameDigit(digits), Checksums.isAllSameDigit(sequence), s);
                        if (digits.length() <= 18) {
                            assertEquals(Long.parseLong(digits), run.value(s, from, to), s);
                        }
                        int lead = Math.min(6, digits.length());
                        assertEquals(Integer.parseInt(digits.substring(0, lead)), run.leadingValue(s, from, to, lead), s);
                    }
                }
            }
        }
    }

    @Test
    void reusedInstancesGiveTheSameRunsAsFreshOnes() {
        Random random = new Random(11);
        String[] pieces = {"4111 1111 1111 1111", "123-45-6789", "123456789", "12 34", "a1234567890", "_987654321", " ", "-", "x", "1", "é"};
        List<DigitGroups> reused = new ArrayList<>();
        List<DigitGroups> spares = new ArrayList<>();
        for (int t = 0; t < 20_000; t++) {
            StringBuilder text = new StringBuilder();
            for (int p = random.nextInt(8); p >= 0; p--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = text.toString();
            int minDigits = 1 + random.nextInt(12);
            spares.addAll(reused);
            reused.clear();
            DigitGroups.find(s, minDigits, reused, spares);
            List<DigitGroups> fresh = DigitGroups.find(s, minDigits);
            assertEquals(fresh.size(), reused.size(), s);
            for (int r = 0; r < fresh.size(); r++) {
                DigitGroups a = fresh.get(r);
                DigitGroups b = reused.get(r);
                assertEquals(a.count, b.count, s);
                assertEquals(a.separator, b.separator, s);
                assertEquals(a.totalDigits, b.totalDigits, s);
                assertArrayEquals(Arrays.copyOf(a.starts, a.count), Arrays.copyOf(b.starts, b.count), s);
                assertArrayEquals(Arrays.copyOf(a.ends, a.count), Arrays.copyOf(b.ends, b.count), s);
            }
        }
    }
}
