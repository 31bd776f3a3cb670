package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"john.doe@example.com", "a.b-c+tag@sub.example.co.uk", "O'Connor@example.ie",
            "user%dept@example.net", "CAPS@EXAMPLE.COM", "x@example.io", "support@xn--bcher-kva.example"})
    void masksAddresses(String email) {
        assertEquals(List.of(email), DetectedValues.of(PiiCategory.EMAIL, "mail " + email + ", thanks"));
    }

    @Test
    void stopsAtSentencePunctuationAndAngleBrackets() {
        assertEquals(List.of("a@example.com"), DetectedValues.of(PiiCategory.EMAIL, "write to a@example.com."));
        assertEquals(List.of("a@example.com", "b@example.org"), DetectedValues.of(PiiCategory.EMAIL, "<a@example.com>;b@example.org"));
    }

    /** Found by probing: only "ller@example.de" of "müller@example.de" was masked, leaving "mü" showing. */
    @ParameterizedTest
    @ValueSource(strings = {"müller@example.de", "josé.garcía@example.es", "jane@bücher.example", "user@пример.рф"})
    void masksInternationalisedAddressesWhole(String email) {
        assertEquals(List.of(email), DetectedValues.of(PiiCategory.EMAIL, "mail " + email + ", danke"));
    }

    @Test
    void findsAnAddressPercentEncodedInALink() {
        assertEquals(List.of("jane.roe%40example.com"),
                DetectedValues.of(PiiCategory.EMAIL, "https://crm.example.com/u?email=jane.roe%40example.com&src=mail"));
        assertEquals(List.of("a%40b@example.com", "c%40example.org"),
                DetectedValues.of(PiiCategory.EMAIL, "a%40b@example.com c%40example.org"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.EMAIL, "up 20%40 items, 100%40.5"));
    }

    @Test
    void findsAnAddressSpelledOutWithBracketedAtAndDots() {
        assertEquals(List.of("jane(at)example.com"), DetectedValues.of(PiiCategory.EMAIL, "contact jane(at)example.com today"));
        assertEquals(List.of("jane [at] example [dot] com"), DetectedValues.of(PiiCategory.EMAIL, "mail jane [at] example [dot] com, thanks"));
        assertEquals(List.of("Jane.Roe [AT] mail [DOT] example [DOT] org"),
                DetectedValues.of(PiiCategory.EMAIL, "write to Jane.Roe [AT] mail [DOT] example [DOT] org."));
        assertEquals(List.of("jane [dot] roe (at) example (dot) co (dot) uk"),
                DetectedValues.of(PiiCategory.EMAIL, "jane [dot] roe (at) example (dot) co (dot) uk"));
        assertEquals(List.of("jane.roe@example.com", "bob{at}example.net"),
                DetectedValues.of(PiiCategory.EMAIL, "jane.roe@example.com and bob{at}example.net"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"meet (at) noon", "the meeting [at] 5pm", "photo(at)2x.png", "x(at)y", "price (at) cost.",
            "(at) example.com", "jane (at)", "jane [at] example [dot]", "jane (at) localhost"})
    void ignoresABracketedAtWithoutAnAddressAroundIt(String text) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.EMAIL, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"@handle", "user@localhost", "icon@2x.png", "a@b.c", "user@example..com", "price @ 10.50",
            "version@1.2.3", "user@-example.com", "npm i @scope/pkg@2.1.0"})
    void ignoresHandlesFileNamesAndHostsWithoutATopLevelDomain(String text) {
        assertEquals(List.of(), DetectedValues.of(PiiCategory.EMAIL, text));
    }
}
