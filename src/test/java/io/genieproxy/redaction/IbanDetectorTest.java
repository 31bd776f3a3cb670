package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000",
            "FR1420041010050500013M02606", "NO9386011117947", "MT84MALT011000012345MTLCAST001S", "gb82west12345698765432",
            "GB82-WEST-1234-5698-7654-32", "DE89-3704-0044-0532-0130-00"})
    void masksRegistryExampleIbansSolidOrGrouped(String iban) {
        assertEquals(List.of(iban), DetectedValues.of(PiiCategory.IBAN, "pay " + iban + " now"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST12345698765433", "DE8937040044053201300", "DE893704004405320130001",
            "US64SVBKUS6S3300958879", "GB82 WEST-1234-5698-7654-32", "GB82-WEST 1234 5698 7654 32", "GB82 WEST12 3456 9876 5432",
            "GB82--WEST-1234-5698-7654-32", "XGB82WEST12345698765432"})
    void refusesWrongChecksumLengthCountryOrGrouping(String text) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.IBAN, text));
    }

    @Test
    void alwaysFindsRandomIbansWithCorrectCheckDigitsAndNeverWithWrongOnes() {
        Random random = new Random(5);
        for (int i = 0; i < 1000; i++) {
            StringBuilder bban = new StringBuilder();
            for (int k = 0; k < 18; k++) {
                bban.append((char) ('0' + random.nextInt(10)));
            }
            String iban = withCheckDigits("DE", bban.toString());
            assertEquals(List.of(iban), DetectedValues.of(PiiCategory.IBAN, iban), iban);
            int check = Integer.parseInt(iban.substring(2, 4));
            String wrong = iban.substring(0, 2) + String.format("%02d", (check + 1 + random.nextInt(90)) % 97 + 2) + iban.substring(4);
            if (!wrong.equals(iban)) {
                assertTrue(DetectedValues.of(PiiCategory.IBAN, wrong).isEmpty(), wrong);
            }
        }
    }

    private static String withCheckDigits(String country, String bban) {
        StringBuilder numeric = new StringBuilder(bban);
        for (char c : (country + "00").toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + bban;
    }
}
