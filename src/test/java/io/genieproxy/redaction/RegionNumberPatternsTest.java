package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegionNumberPatternsTest {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Test
    void agreesWithLibphonenumberOnExampleNumbersTheirVariantsAndRandomDigits() {
        Random random = new Random(7);
        int valid = 0;
        for (String region : PHONES.getSupportedRegions()) {
            RegionNumberPatterns patterns = RegionNumberPatterns.of(region);
            int callingCode = PHONES.getCountryCodeForRegion(region);
            for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                Phonenumber.PhoneNumber example = PHONES.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                String nsn = PHONES.getNationalSignificantNumber(example);
                for (int variant = 0; variant < 20; variant++) {
                    String candidate = variant == 0 ? nsn : mutate(nsn, random);
                    boolean expected = PHONES.isValidNumberForRegion(number(callingCode, candidate), region);
                    assertEquals(expected, patterns.isValid(candidate, new ScanMemo()), region + " " + candidate);
                    valid += expected ? 1 : 0;
                }
            }
            for (int i = 0; i < 50; i++) {
                StringBuilder digits = new StringBuilder();
                int length = 4 + random.nextInt(13);
                for (int k = 0; k < length; k++) {
                    digits.append((char) ('0' + random.nextInt(10)));
                }
                String candidate = digits.toString();
                assertEquals(PHONES.isValidNumberForRegion(number(callingCode, candidate), region), patterns.isValid(candidate, new ScanMemo()),
                        region + " " + candidate);
            }
        }
        assertTrue(valid > 5000, "the comparison must cover many valid numbers, covered " + valid);
    }

    @Test
    void acceptsNothingWithoutMetadata() {
        assertFalse(RegionNumberPatterns.NONE.isValid("2025550123", new ScanMemo()));
        assertFalse(RegionNumberPatterns.of("ZZ").isValid("2025550123", new ScanMemo()));
    }

    /** The same digits with a few of the trailing ones replaced, or one digit added or removed at the end. */
    private static String mutate(String nsn, Random random) {
        StringBuilder out = new StringBuilder(nsn);
        switch (random.nextInt(4)) {
            case 0 -> out.append((char) ('0' + random.nextInt(10)));
            case 1 -> out.setLength(Math.max(1, out.length() - 1));
            default -> {
                for (int k = 0; k < 3; k++) {
                    int at = Math.max(0, out.length() - 1 - random.nextInt(Math.min(5, out.length())));
                    out.setCharAt(at, (char) ('0' + random.nextInt(10)));
                }
            }
        }
        return out.toString();
    }

    private static Phonenumber.PhoneNumber number(int callingCode, String nsn) {
        Phonenumber.PhoneNumber number = new Phonenumber.PhoneNumber().setCountryCode(callingCode).setNationalNumber(Long.parseLong(nsn));
        int zeros = 0;
        while (zeros < nsn.length() - 1 && nsn.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            number.setItalianLeadingZero(true);
            number.setNumberOfLeadingZeros(zeros);
        }
        return number;
    }
}
