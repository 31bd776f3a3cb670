package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"(202) 555-0123", "202-555-0123", "202.555.0123", "202 555 0123", "1-800-555-0199",
            "1 (646) 555-0101", "+1 201-555-0123", "+12025550123", "+44 20 7946 0958", "+44 7400 123456", "+49 30 123456",
            "+33 1 23 45 67 89", "+91 81234 56789", "+81 3-1234-5678", "+55 11 96123-4567", "0044 20 7946 0958"})
    void masksInternationalAndNorthAmericanNumbersWithoutContext(String phone) {
        assertEquals(List.of(phone), DetectedValues.of(PiiCategory.PHONE, "reach " + phone + " today"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"(312) 555-0188 ext. 42", "303-555-0110 x123", "+1 (202) 555-0123 ext 7", "202-555-0123 #4411",
            "+44 20 7946 0958 extension 12"})
    void includesTheExtensionInTheFinding(String phone) {
        assertEquals(List.of(phone), DetectedValues.of(PiiCategory.PHONE, phone));
    }

    /** Found by the fuzz test: an international number in brackets, with no context word, was missed. */
    @Test
    void findsAnInternationalNumberInBrackets() {
        assertEquals(List.of("0044 20 7946 0958"), DetectedValues.of(PiiCategory.PHONE, "v1.2.3 (0044 20 7946 0958)"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.PHONE, "at (2024-03-01 10:15)"));
    }

    /** Found by the fuzz test: a number after more than eight space-separated chunks of digits was missed. */
    @Test
    void findsANumberAtTheEndOfALongRunOfDigitGroups() {
        assertEquals(List.of("(202) 555-0123"),
                DetectedValues.of(PiiCategory.PHONE, "4111 1111 1111 1111 4111 1111 1111 1111 (202) 555-0123"));
        assertEquals(List.of("(202) 555-0123"), DetectedValues.of(PiiCategory.PHONE, "1 2 3 4 5 6 7 8 9 10 11 12 (202) 555-0123 13"));
    }

    @Test
    void masksOtherNationalLayoutsOnlyWithContext() {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.PHONE, "020 7946 0958"));
        assertEquals(List.of("020 7946 0958"), DetectedValues.of(PiiCategory.PHONE, "Tel. 020 7946 0958"));
        assertEquals(List.of("06 12 34 56 78"), DetectedValues.of(PiiCategory.PHONE, "mobile: 06 12 34 56 78"));
        assertEquals(List.of("2025550123"), DetectedValues.of(PiiCategory.PHONE, "2025550123", "contact_phone"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.PHONE, "2025550123"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"(555) 555-0123", "123-456-7890", "+1 555 555 0123", "+44 12"})
    void ignoresNumbersTheMetadataSaysCannotExist(String text) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.PHONE, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-01 10:15:30", "2024-03-01T10:15:30.123Z", "1742486400", "1742486400123",
            "ORD-2024-000123", "amount 1234567.89", "12,345,678.90", "version 10.2.3.4567", "v2.15.1234567",
            "01f0a6c1-f2b3-1c4d-9e8f-7a6b5c4d3e2f", "03/01/2024", "01.03.2024", "192.168.100.200", "ZIP 94105-1234",
            "call on 2024-03-01", "phone bill 1234567.89"})
    void neverFiresOnTimestampsDatesIdsAmountsVersionsOrUuids(String text) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.PHONE, text));
    }

    @Test
    void neverFiresOnRandomTimestampsUuidsOrAmounts() {
        Random random = new Random(11);
        for (int i = 0; i < 1000; i++) {
            long millis = 946684800000L + (long) (random.nextDouble() * 1_000_000_000_000L);
            String iso = Instant.ofEpochMilli(millis).toString();
            String sql = iso.replace('T', ' ').replace("Z", "");
            String epoch = Long.toString(millis / 1000);
            String amount = (random.nextInt(100_000_000)) + "." + String.format("%02d", random.nextInt(100));
            String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
            for (String text : List.of(iso, sql, epoch, Long.toString(millis), amount, uuid)) {
                assertEquals(List.of(), DetectedValues.of(PiiCategory.PHONE, "value " + text), text);
            }
        }
    }

    @Test
    void separatesAPhoneNumberFromANumberBeforeIt() {
        assertEquals(List.of("202-555-0123"), DetectedValues.of(PiiCategory.PHONE, "qty 12 202-555-0123"));
    }

    /**
     * Example numbers of every region and type and of the non-geographic codes, and variants of them ({@link #variantOf}),
     * written {@code +CC...}: found exactly when libphonenumber calls them valid in the calling code's main region
     * or in any region.
     */
    @Test
    void findsAnInternationalNumberExactlyWhenLibphonenumberCallsItValid() {
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        List<Phonenumber.PhoneNumber> examples = new ArrayList<>();
        for (String region : phones.getSupportedRegions()) {
            for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                examples.add(phones.getExampleNumberForType(region, type));
            }
        }
        for (int code : phones.getSupportedGlobalNetworkCallingCodes()) {
            examples.add(phones.getExampleNumberForNonGeoEntity(code));
        }
        Random random = new Random(5);
        int valid = 0;
        int invalid = 0;
        for (Phonenumber.PhoneNumber example : examples) {
            if (example == null) {
                continue;
            }
            int code = example.getCountryCode();
            String nsn = phones.getNationalSignificantNumber(example);
            for (int variant = 0; variant < 10; variant++) {
                String national = variant == 0 ? nsn : variantOf(nsn, random);
                int digits = String.valueOf(code).length() + national.length();
                if (digits < 7 || digits > 15 || national.length() < 4) {
                    continue;
                }
                String mainRegion = phones.getRegionCodeForCountryCode(code);
                boolean trunkZeroKept = !PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(mainRegion)
                        && "0".equals(phones.getNddPrefixForRegion(mainRegion, true))
                        && national.length() > 5
                        && national.charAt(0) == '0' && national.charAt(1) != '0';
                boolean expected = isValid(phones, code, national) || (trunkZeroKept && isValid(phones, code, national.substring(1)));
                String text = "+" + code + national;
                assertEquals(expected ? List.of(text) : List.of(), DetectedValues.of(PiiCategory.PHONE, text), text);
                valid += expected ? 1 : 0;
                invalid += expected ? 0 : 1;
            }
        }
        assertTrue(valid > 3000 && invalid > 1000, "valid " + valid + ", invalid " + invalid);
    }

    private static boolean isValid(PhoneNumberUtil phones, int code, String national) {
        Phonenumber.PhoneNumber number = number(code, national);
        return phones.isValidNumberForRegion(number, phones.getRegionCodeForCountryCode(code)) || phones.isValidNumber(number);
    }

    @Test
    void findsAnInternationalNumberWrittenWithItsTrunkZero() {
        assertEquals(List.of("+44 020 7946 0958"), DetectedValues.of(PiiCategory.PHONE, "Call +44 020 7946 0958 tomorrow"));
        assertEquals(List.of("+49 030 901820"), DetectedValues.of(PiiCategory.PHONE, "Büro +49 030 901820"));
        assertEquals(List.of("0044 020 7946 0958"), DetectedValues.of(PiiCategory.PHONE, "0044 020 7946 0958"));
        assertEquals(List.of("+39 06 6982 0000"), DetectedValues.of(PiiCategory.PHONE, "Roma +39 06 6982 0000"),
                "an Italian number keeps its 0 by right");
        assertEquals(List.of(), DetectedValues.of(PiiCategory.PHONE, "ref +44 0000 000000"));
    }

    /** The digits with one more or one fewer at the end, or with some of the last four replaced. */
    private static String variantOf(String nsn, Random random) {
        StringBuilder out = new StringBuilder(nsn);
        switch (random.nextInt(3)) {
            case 0 -> out.append((char) ('0' + random.nextInt(10)));
            case 1 -> out.setLength(out.length() - 1);
            default -> {
                for (int k = 0; k < 2; k++) {
                    int at = out.length() - 1 - random.nextInt(Math.min(4, out.length()));
                    out.setCharAt(at, (char) ('0' + random.nextInt(10)));
                }
            }
        }
        return out.toString();
    }

    /** The number as the detector builds it: the national digits with their leading zeros kept. */
    private static Phonenumber.PhoneNumber number(int code, String national) {
        Phonenumber.PhoneNumber number = new Phonenumber.PhoneNumber().setCountryCode(code).setNationalNumber(Long.parseLong(national));
        int zeros = 0;
        while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            number.setItalianLeadingZero(true);
            number.setNumberOfLeadingZeros(zeros);
        }
        return number;
    }
}
