package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
