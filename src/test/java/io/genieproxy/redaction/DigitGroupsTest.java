package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void inPlaceChecksAgreeWithTheChecksumsOverTheDigitString() {
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
                        assertEquals(Checksums.isLuhnValid(digits), run.isLuhnValid(s, from, to), s);
                        assertEquals(Checksums.isAllSameDigit(digits), run.isAllSameDigit(s, from, to), s);
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
}
