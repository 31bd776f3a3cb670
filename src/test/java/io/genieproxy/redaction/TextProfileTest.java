package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass profile every detector reads: counts, digit-run shapes and word starts. */
class TextProfileTest {

    @Test
    void countsCharacterClasses() {
        TextProfile profile = TextProfile.of("Jane.Roe+1@Example.com: 42");
        assertEquals(3, profile.digits());
        assertEquals(17, profile.letters());
        assertEquals(3, profile.upperLetters());
        assertEquals(1, profile.ats());
        assertEquals(1, profile.colons());
        assertEquals(2, profile.dots());
        assertEquals(26, profile.length());
        assertFalse(profile.hasDoubleColon());
        assertTrue(TextProfile.of("fe80::1").hasDoubleColon());
    }

    @Test
    void groupedDigitsAreTheRunsDigitGroupsFinds() {
        for (String text : List.of("4111 1111 1111 1111", "123-45-6789", "1 415-555-0123", "+44 20 7946 0958",
                "ORD-2024-000123", "DE89370400440532013000", "qty 2 4111 1111", "a_123 45", "12-34 56", "x 1 2 3 4 5 6 7 8 9",
                "7 536-22-1234", "536-22-1234 4111 1111 1111 1111", "1 2-3 4-5 6", "ab12-34 56-78")) {
            int longest = 0;
            for (DigitGroups run : DigitGroups.find(text, 1)) {
                longest = Math.max(longest, run.totalDigits);
            }
            assertEquals(longest, TextProfile.of(text).longestGroupedDigits(), text);
        }
    }

    @Test
    void seesPhoneShapes() {
        assertTrue(TextProfile.of("call +44 20 7946 0958").hasPlusBeforeDigit());
        assertFalse(TextProfile.of("1+ 2").hasPlusBeforeDigit());
        assertTrue(TextProfile.of("0044 20 7946 0958").hasDoubleZeroLead());
        assertTrue(TextProfile.of("tel. 0044 20").hasDoubleZeroLead());
        assertFalse(TextProfile.of("ORD-2024-000123").hasDoubleZeroLead());
        assertFalse(TextProfile.of("A00123").hasDoubleZeroLead());
        assertTrue(TextProfile.of("(202) 555-0123").hasNorthAmericanShape());
        assertTrue(TextProfile.of("415.555.0132").hasNorthAmericanShape());
        assertTrue(TextProfile.of("1 202 555 0123").hasNorthAmericanShape());
        assertFalse(TextProfile.of("4111 1111 1111 1111").hasNorthAmericanShape());
        assertFalse(TextProfile.of("555/0123").hasNorthAmericanShape());
    }

    @Test
    void seesSsnShapes() {
        assertTrue(TextProfile.of("ssn 123-45-6789").hasSsnShape());
        assertTrue(TextProfile.of("123 45 6789").hasSsnShape());
        assertFalse(TextProfile.of("123-45 6789").hasSsnShape());
        assertFalse(TextProfile.of("1234-45-6789").hasSsnShape());
        assertFalse(TextProfile.of("123-456-7890").hasSsnShape());
        assertTrue(TextProfile.of("id 123456789").hasNineDigitRun());
        assertFalse(TextProfile.of("id 1234567890").hasNineDigitRun());
    }

    @Test
    void seesIbanLeadsAndDottedQuads() {
        assertTrue(TextProfile.of("DE89370400440532013000").hasIbanLead());
        assertTrue(TextProfile.of("iban: gb82 WEST").hasIbanLead());
        assertFalse(TextProfile.of("XDE89370400440532013000").hasIbanLead());
        assertFalse(TextProfile.of("1DE89370400440532013000").hasIbanLead());
        assertFalse(TextProfile.of("DE8 9370400440532013000").hasIbanLead());
        assertTrue(TextProfile.of("from 10.0.0.255").hasDottedQuadShape());
        assertFalse(TextProfile.of("v2.3.1").hasDottedQuadShape());
        assertFalse(TextProfile.of("1.2.3.4567").hasDottedQuadShape());
        assertFalse(TextProfile.of("1.2.3 .4").hasDottedQuadShape());
    }

    @Test
    void seesDottedSsnAndCardShapes() {
        assertTrue(TextProfile.of("ssn 536.22.1234").hasDottedSsnShape());
        assertFalse(TextProfile.of("ssn 536-22-1234").hasDottedSsnShape());
        assertFalse(TextProfile.of("536.22-1234").hasDottedSsnShape());
        assertTrue(TextProfile.of("card 4111.1111.1111.1111").hasDottedCardShape());
        assertFalse(TextProfile.of("4111.1111.1111 1111").hasDottedCardShape());
        assertFalse(TextProfile.of("192.168.100.200").hasDottedCardShape());
    }

    @Test
    void seesAnAtSpelledOutInBrackets() {
        for (String text : List.of("jane(at)example.com", "jane [AT] example", "{at}", "x <At> y")) {
            assertTrue(TextProfile.of(text).hasBracketedAt(), text);
        }
        for (String text : List.of("meet at noon", "(at", "at)", "(ate)", "(cat)", "(at]", "[ at ]", "(a t)")) {
            assertFalse(TextProfile.of(text).hasBracketedAt(), text);
        }
    }

    @Test
    void letterPairsTellContextWordsWhereToLook() {
        ContextWords phoneWords = new ContextWords("phone", "tel", "ph.");
        assertTrue(phoneWords.mayAppearIn(TextProfile.of("Mobile or PHONE: 1")));
        assertTrue(phoneWords.mayAppearIn(TextProfile.of("x tel")));
        assertFalse(phoneWords.mayAppearIn(TextProfile.of("2024-03-01T10:15:30.000Z")));
        assertFalse(phoneWords.mayAppearIn(TextProfile.of("ORD-2024-000123 p h")));
        // Case-insensitive matching folds some non-ASCII letters to ASCII ones, so they never rule a word out.
        assertTrue(phoneWords.mayAppearIn(TextProfile.of("t\u0130l")));
    }

    @Test
    void measuresASliceOfABufferAndForgetsTheLastText() {
        TextProfile profile = new TextProfile();
        profile.measure("123-45-6789 ssn");
        char[] buffer = "xx+44 20 7946 0958yy".toCharArray();
        profile.measure(buffer, 2, 18);
        assertEquals(16, profile.length());
        assertEquals(12, profile.digits());
        assertEquals(0, profile.letters());
        assertTrue(profile.hasPlusBeforeDigit());
        assertFalse(profile.hasSsnShape());
        assertEquals(0, profile.letterPairs());
    }
}
