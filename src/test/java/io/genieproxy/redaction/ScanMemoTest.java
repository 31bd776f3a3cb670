package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanMemoTest {

    @Test
    void numberKeysTellLeadingZerosApartAndRefuseTooManyDigits() {
        assertNotEquals(ScanMemo.numberKey(44, 2), ScanMemo.numberKey(44, 4));
        assertEquals(-1, ScanMemo.numberKey(0, 0));
        assertEquals(-1, ScanMemo.numberKey(1, ScanMemo.MAX_KEY_DIGITS + 1));
        long largest = ScanMemo.numberKey(99_999_999_999_999_999L, ScanMemo.MAX_KEY_DIGITS);
        assertEquals(99_999_999_999_999_999L, largest >>> 5);
    }

    @Test
    void remembersCandidatesPerScannerProfileValuesAndHint() {
        PiiScanner core = new PiiScanner(EnumSet.of(PiiCategory.PHONE, PiiCategory.US_SSN, PiiCategory.EMAIL, PiiCategory.IBAN));
        PiiScanner all = new PiiScanner(EnumSet.allOf(PiiCategory.class));
        ScanMemo memo = new ScanMemo();
        List<String> texts = List.of("call 123456789", "mail 987654321", "123456789", "jane@example.com", "4111 1111 1111 1111",
                "DE89370400440532013000", "+44 20 7946 0958", "no digits here.");
        for (int round = 0; round < 3; round++) {
            for (PiiScanner scanner : List.of(core, all)) {
                for (String text : texts) {
                    for (String hint : List.of("", "phone", "ssn", "notes")) {
                        TextProfile profile = TextProfile.of(text);
                        long expected = profile.length() < 3 ? 0 : scanner.askDetectors(profile, hint);
                        assertEquals(expected, scanner.candidates(profile, hint, memo), text + " / " + hint);
                    }
                }
            }
        }
        TextProfile nine = TextProfile.of("123456789");
        assertNotEquals(core.candidates(nine, "", memo), core.candidates(nine, "phone", memo));
    }

    @Test
    void remembersNumbersUntilTheLimitThenStartsOver() {
        ScanMemo memo = new ScanMemo();
        long valid = ScanMemo.numberKey(14155550123L, 11);
        long invalid = ScanMemo.numberKey(4420794609L, 10);
        assertNull(memo.number(valid));
        memo.putNumber(valid, true);
        memo.putNumber(invalid, false);
        assertEquals(Boolean.TRUE, memo.number(valid));
        assertEquals(Boolean.FALSE, memo.number(invalid));
        memo.putNumber(invalid, true);
        assertEquals(Boolean.TRUE, memo.number(invalid));
        for (int i = 0; i < ScanMemo.MAX_ENTRIES * 3; i++) {
            long key = ScanMemo.numberKey(i, 12);
            memo.putNumber(key, i % 3 == 0);
            assertEquals(i % 3 == 0, memo.number(key));
        }
        assertNull(memo.number(valid));
    }

    @Test
    void digitGroupsOfTheNextTextReuseTheInstancesWithoutMixingTheTexts() {
        ScanMemo memo = new ScanMemo();
        String first = "4111 1111 1111 1111 and 123-45-6789";
        String second = "id 987654321";
        assertEquals(2, memo.digitGroups(first).size());
        assertEquals(3, memo.digitGroups(first).get(1).count);
        List<DigitGroups> runs = memo.digitGroups(second);
        assertEquals(1, runs.size());
        assertEquals(1, runs.get(0).count);
        assertEquals(3, runs.get(0).starts[0]);
        assertEquals(12, runs.get(0).ends[0]);
        assertEquals(0, memo.digitGroups("no digits").size());
    }

    @Test
    void theLargestKeyKeepsBothVerdictsApart() {
        ScanMemo memo = new ScanMemo();
        long largest = ScanMemo.numberKey(99_999_999_999_999_999L, ScanMemo.MAX_KEY_DIGITS);
        long smallest = ScanMemo.numberKey(0, 1);
        memo.putNumber(largest, true);
        memo.putNumber(smallest, false);
        assertEquals(Boolean.TRUE, memo.number(largest));
        assertEquals(Boolean.FALSE, memo.number(smallest));
        memo.putNumber(largest, false);
        assertEquals(Boolean.FALSE, memo.number(largest));
    }

    @Test
    void aScanKeepsItsFindingsWhenTheSameMemoScansTheNextText() {
        PiiScanner scanner = new PiiScanner(EnumSet.of(PiiCategory.EMAIL));
        ScanMemo memo = new ScanMemo();
        List<Finding> first = scanner.scan("mail jane@example.com", "", memo);
        scanner.scan("write to john@example.org now", "", memo);
        assertEquals(List.of(new Finding(PiiCategory.EMAIL, 5, 21)), first);
    }
}
