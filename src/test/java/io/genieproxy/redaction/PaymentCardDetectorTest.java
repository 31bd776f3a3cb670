package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentCardDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444",
            "2223003122003222", "378282246310005", "3782 822463 10005", "6011111111111117", "3530111333300000",
            "30569309025904", "6200000000000005", "6759649826438453", "4222222222222", "2200000000000004"})
    void masksPublishedTestCardNumbersInEveryPrintedLayout(String pan) {
        assertEquals(List.of(pan), DetectedValues.of(PiiCategory.PAYMENT_CARD, "paid with " + pan + " today"));
    }

    @Test
    void masksCardNumberOnlyWhenLuhnValid() {
        assertEquals(List.of("4111111111111111"), DetectedValues.of(PiiCategory.PAYMENT_CARD, "4111111111111111"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.PAYMENT_CARD, "4111111111111112"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9111111111111110", "1000000000000000009", "8222222222222221", "122000000000003"})
    void ignoresLuhnValidNumbersOutsideEveryIssuerRange(String number) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.PAYMENT_CARD, number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000000000000000", "4444444444444444", "4111-1111 1111-1111", "ORD-4111111111111111",
            "4111111111111111.25", "0.4111111111111111", "41111111111111111111111", "4111111111111111x"})
    void ignoresLookAlikes(String text) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.PAYMENT_CARD, text));
    }

    @Test
    void findsCardsSharingASpaceSeparatedRunWithOtherNumbers() {
        assertEquals(List.of("4111 1111 1111 1111", "5555 5555 5555 4444"),
                DetectedValues.of(PiiCategory.PAYMENT_CARD, "qty 2 4111 1111 1111 1111 5555 5555 5555 4444 3"));
    }

    @Test
    void findsADashedCardRightAfterAnotherNumberAndASpace() {
        assertEquals(List.of("4111-1111-1111-1111"), DetectedValues.of(PiiCategory.PAYMENT_CARD, "room 7 4111-1111-1111-1111"));
        assertEquals(List.of("5500-0000-0000-0004"), DetectedValues.of(PiiCategory.PAYMENT_CARD, "x 12 5500-0000-0000-0004"));
    }

    @Test
    void findsACardWrittenInDottedGroupsOfFour() {
        assertEquals(List.of("4111.1111.1111.1111"), DetectedValues.of(PiiCategory.PAYMENT_CARD, "card 4111.1111.1111.1111 exp 12/27"));
        assertEquals(List.of("5555.5555.5555.4444"), DetectedValues.of(PiiCategory.PAYMENT_CARD, "5555.5555.5555.4444"));
        for (String text : List.of("card 4111.1111.1111.1112", "v 2024.1234.5678.9012", "4111.1111.1111.1111.1", "4111.111111.111111",
                "x4111.1111.1111.1111", "1111.1111.1111.1111")) {
            assertEquals(List.of(), DetectedValues.of(PiiCategory.PAYMENT_CARD, text), text);
        }
    }

    @Test
    void alwaysFindsRandomLuhnValidVisaNumbers() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            String pan = withLuhnDigit("4" + digits(random, 14));
            if (Checksums.isAllSameDigit(pan)) {
                continue;
            }
            assertEquals(List.of(pan), DetectedValues.of(PiiCategory.PAYMENT_CARD, "card " + pan), pan);
            String spaced = pan.substring(0, 4) + " " + pan.substring(4, 8) + " " + pan.substring(8, 12) + " " + pan.substring(12);
            assertEquals(List.of(spaced), DetectedValues.of(PiiCategory.PAYMENT_CARD, spaced), spaced);
        }
    }

    @Test
    void neverFindsRandomLuhnInvalidNumbers() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            String valid = withLuhnDigit(random.nextBoolean() ? "5" + (1 + random.nextInt(5)) + digits(random, 13) : "4" + digits(random, 14));
            char last = valid.charAt(15);
            String invalid = valid.substring(0, 15) + (char) ('0' + (last - '0' + 1 + random.nextInt(9)) % 10);
            assertTrue(DetectedValues.of(PiiCategory.PAYMENT_CARD, invalid).isEmpty(), invalid);
        }
    }

    static String digits(Random random, int count) {
        StringBuilder sb = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    static String withLuhnDigit(String body) {
        for (char d = '0'; d <= '9'; d++) {
            if (Checksums.isLuhnValid(body + d)) {
                return body + d;
            }
        }
        throw new AssertionError("some check digit always fits");
    }
}
