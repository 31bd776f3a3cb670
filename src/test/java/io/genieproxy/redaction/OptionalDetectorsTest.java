package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionalDetectorsTest {

    @Test
    void optionalCategoriesAreOffUnlessEnabled() {
        for (PiiCategory category : List.of(PiiCategory.US_ITIN, PiiCategory.ABA_ROUTING, PiiCategory.UK_NINO,
                PiiCategory.NHS_NUMBER, PiiCategory.CA_SIN, PiiCategory.MAC_ADDRESS, PiiCategory.CRYPTO_WALLET, PiiCategory.URL)) {
            assertEquals(false, category.isCore(), category.name());
        }
        assertEquals(List.of(), DetectedValues.scanned("NI JG103759A mac 00:1A:2B:3C:4D:5E https://example.com/x"));
    }

    @Test
    void masksItinsOnlyInTheirGroupRanges() {
        assertEquals(List.of("912-70-1234"), DetectedValues.of(PiiCategory.US_ITIN, "912-70-1234"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.US_ITIN, "912-93-1234"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.US_ITIN, "812-70-1234"));
    }

    @Test
    void masksRoutingNumbersOnlyWithContextAndValidChecksum() {
        assertEquals(List.of("021000021"), DetectedValues.of(PiiCategory.ABA_ROUTING, "routing 021000021"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.ABA_ROUTING, "routing 021000022"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.ABA_ROUTING, "021000021"));
    }

    @Test
    void masksNationalInsuranceNumbersWithValidPrefixAndSuffix() {
        assertEquals(List.of("AB 12 34 56 C"), DetectedValues.of(PiiCategory.UK_NINO, "NINO AB 12 34 56 C."));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.UK_NINO, "GB123456A"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.UK_NINO, "AB123456E"));
    }

    @Test
    void masksNhsNumbersOnlyWithAValidMod11CheckDigit() {
        assertEquals(List.of("943 476 5919"), DetectedValues.of(PiiCategory.NHS_NUMBER, "943 476 5919"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.NHS_NUMBER, "943 476 5918"));
        assertEquals(List.of("4010232137"), DetectedValues.of(PiiCategory.NHS_NUMBER, "NHS no 4010232137"));
    }

    @Test
    void masksSocialInsuranceNumbersOnlyWhenLuhnValid() {
        assertEquals(List.of("130 692 544"), DetectedValues.of(PiiCategory.CA_SIN, "130 692 544"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.CA_SIN, "130 692 545"));
    }

    @Test
    void masksMacAddressesInAllThreeNotations() {
        assertEquals(List.of("00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "0011.2233.4455"),
                DetectedValues.of(PiiCategory.MAC_ADDRESS, "00:1A:2B:3C:4D:5E 00-1a-2b-3c-4d-5e 0011.2233.4455"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.MAC_ADDRESS, "00:1A:2B:3C:4D:5E:6F"));
    }

    @Test
    void masksWalletsOnlyWithAValidChecksum() {
        assertEquals(List.of("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
                DetectedValues.of(PiiCategory.CRYPTO_WALLET, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.CRYPTO_WALLET, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3"));
        assertEquals(List.of("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
                DetectedValues.of(PiiCategory.CRYPTO_WALLET, "to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"));
        assertEquals(List.of(), DetectedValues.of(PiiCategory.CRYPTO_WALLET, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr"));
        assertEquals(List.of("0x52908400098527886E0F7030069857D2E4169EE7"),
                DetectedValues.of(PiiCategory.CRYPTO_WALLET, "0x52908400098527886E0F7030069857D2E4169EE7"));
    }

    @Test
    void masksUrlsWithoutTrailingPunctuation() {
        assertEquals(List.of("https://example.com/u/jdoe?x=1"),
                DetectedValues.of(PiiCategory.URL, "(see https://example.com/u/jdoe?x=1)."));
    }
}
