package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsSsnDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"536-22-1234", "536 22 1234", "001-01-0001", "899-99-9999", "123-45-6789"})
    void masksFormattedNumbersThatFollowTheAssignmentRules(String ssn) {
        assertEquals(List.of(ssn), DetectedValues.of(PiiCategory.US_SSN, "on file: " + ssn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "999-99-9999", "123-00-4567", "123-45-0000",
            "078-05-1120", "219-09-9999"})
    void ignoresNumbersTheSsaNeverAssignsOrHasVoided(String ssn) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.US_SSN, ssn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"123-45 6789", "536.22.1234", "ORD-536-22-1234", "536-22-12345", "1536-22-1234", "v536-22-1234"})
    void requiresConsistentSeparatorsAndAStandaloneNumber(String text) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.US_SSN, text));
    }

    /** Found by the fuzz test: the number before the space used to swallow the first group, and the SSN was missed. */
    @ParameterizedTest
    @ValueSource(strings = {"id 42 536-22-1234", "203.0.113.7 536-22-1234", "room 7 536-22-1234 and 8"})
    void findsANumberRightAfterAnotherNumberAndASpace(String text) {
        assertEquals(List.of("536-22-1234"), DetectedValues.of(PiiCategory.US_SSN, text));
    }

    @Test
    void masksNineBareDigitsOnlyWithContext() {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.US_SSN, "order 536221234"));
        assertEquals(List.of("536221234"), DetectedValues.of(PiiCategory.US_SSN, "SSN 536221234"));
        assertEquals(List.of("536221234"), DetectedValues.of(PiiCategory.US_SSN, "social security no. 536221234"));
        assertEquals(List.of("536221234"), DetectedValues.of(PiiCategory.US_SSN, "536221234", "customer_ssn"));
    }

    @Test
    void masksADottedSsnOnlyWithContext() {
        assertEquals(List.of("536.22.1234"), DetectedValues.of(PiiCategory.US_SSN, "SSN 536.22.1234."));
        assertEquals(List.of("536.22.1234"), DetectedValues.of(PiiCategory.US_SSN, "social security: 536.22.1234"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.US_SSN, "ref 536.22.1234"), "dots are too common to go without a context word");
        assertEquals(List.of(), DetectedValues.of(PiiCategory.US_SSN, "SSN 078.05.1120"), "a voided sample number");
        assertEquals(List.of(), DetectedValues.of(PiiCategory.US_SSN, "SSN v536.22.1234 or 1.536.22.1234"));
    }

    @Test
    void neverMistakesRandomDatesForSsns() {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            String date = String.format("%04d-%02d-%02d", 1900 + random.nextInt(200), 1 + random.nextInt(12), 1 + random.nextInt(28));
            assertEquals(List.of(), DetectedValues.of(PiiCategory.US_SSN, date), date);
        }
    }
}
