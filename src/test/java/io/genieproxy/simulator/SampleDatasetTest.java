package io.genieproxy.simulator;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleDatasetTest {
    private static final SampleDataset DATA = SampleDataset.standard();
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Test
    void computesKnownCheckDigitsCorrectly() {
        assertTrue(CheckDigits.isLuhnValid("4111 1111 1111 1111"));
        assertFalse(CheckDigits.isLuhnValid("4111 1111 1111 1112"));
        assertTrue(CheckDigits.isLuhnValid("378282246310005"));
        assertTrue(CheckDigits.isIbanValid("DE89 3704 0044 0532 0130 00"));
        assertTrue(CheckDigits.isIbanValid("GB29NWBK60161331926819"));
        assertFalse(CheckDigits.isIbanValid("GB28NWBK60161331926819"));
        assertEquals("89", CheckDigits.ibanCheckDigits("DE", "370400440532013000"));
        assertTrue(CheckDigits.isSsnValid("536-22-1234"));
        assertFalse(CheckDigits.isSsnValid("666-12-3456"));
        assertFalse(CheckDigits.isSsnValid("912-12-3456"));
        assertFalse(CheckDigits.isSsnValid("123-00-3456"));
        assertFalse(CheckDigits.isSsnValid("123-45-0000"));
    }

    @Test
    void generatesTheSameRowsOnEveryRun() {
        assertEquals(SampleDataset.generate(20_240_501L, 50).rows(), DATA.rows().subList(0, 50));
        assertEquals(SampleDataset.STANDARD_SIZE, DATA.size());
        assertEquals(SampleDataset.COLUMNS.size(), DATA.rows().get(0).size());
    }

    @Test
    void issuesOnlyLuhnValidCardsInRealIssuerRanges() {
        Set<String> layouts = new HashSet<>();
        for (Customer c : DATA.customers()) {
            String card = c.cardNumber();
            String digits = card.replaceAll("[ -]", "");
            assertTrue(CheckDigits.isLuhnValid(card), card);
            assertTrue(isIssuerRange(digits), card);
            layouts.add(card.contains(" ") ? "spaces" : card.contains("-") ? "dashes" : "plain");
        }
        assertEquals(Set.of("spaces", "dashes", "plain"), layouts);
    }

    private static boolean isIssuerRange(String d) {
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        return (d.startsWith("4") && d.length() == 16)
                || (two >= 51 && two <= 55 && d.length() == 16)
                || (four >= 2221 && four <= 2720 && d.length() == 16)
                || ((two == 34 || two == 37) && d.length() == 15);
    }

    @Test
    void issuesOnlySsnsThatFollowSsaRules() {
        DATA.customers().forEach(c -> assertTrue(CheckDigits.isSsnValid(c.ssn()), c.ssn()));
    }

    @Test
    void issuesIbansWithCorrectChecksumsForFiveCountries() {
        Set<String> countries = new HashSet<>();
        for (Customer c : DATA.customers()) {
            assertTrue(CheckDigits.isIbanValid(c.iban()), c.iban());
            countries.add(c.iban().substring(0, 2));
        }
        assertEquals(Set.of("DE", "GB", "FR", "NL", "ES"), countries);
    }

    @Test
    void issuesPhoneNumbersThatLibphonenumberConsidersValid() throws NumberParseException {
        for (Customer c : DATA.customers()) {
            Phonenumber.PhoneNumber number = PHONES.parse(c.phone(), "DE");
            assertTrue(PHONES.isValidNumber(number), c.phone());
        }
        assertTrue(DATA.customers().stream().anyMatch(c -> c.phone().contains("ext.")));
        assertTrue(DATA.customers().stream().anyMatch(c -> c.phone().startsWith("0033")));
    }

    @Test
    void issuesParseableIpv4AndIpv6Addresses() throws Exception {
        Set<String> kinds = new HashSet<>();
        for (Customer c : DATA.customers()) {
            String ip = c.ipAddress();
            InetAddress.getByName(ip);
            kinds.add(ip.contains("::ffff:") || ip.startsWith("64:ff9b::") ? "embedded" : ip.contains("::") ? "compressed"
                    : ip.contains(":") ? "v6" : "v4");
        }
        assertTrue(kinds.containsAll(List.of("embedded", "compressed", "v4")), kinds.toString());
    }

    @Test
    void mixesPiiWithLookAlikesThatAreNotPii() {
        Pattern orderId = Pattern.compile("ORD-\\d{4}-\\d{6}");
        int pii = 0;
        int lookAlikes = 0;
        for (Customer c : DATA.customers()) {
            for (String value : c.notePii()) {
                assertTrue(c.notes().contains(value));
                pii++;
            }
            for (String value : c.noteLookAlikes()) {
                assertTrue(c.notes().contains(value));
                if (value.matches("\\d{16}")) {
                    assertFalse(CheckDigits.isLuhnValid(value), value);
                }
                if (value.length() == 36 && value.charAt(8) == '-') {
                    UUID.fromString(value);
                }
                lookAlikes++;
            }
            assertTrue(orderId.matcher(c.orderId()).matches());
        }
        assertTrue(pii > 1000 && lookAlikes > 1000);
    }
}
