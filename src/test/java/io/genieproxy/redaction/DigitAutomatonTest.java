package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DigitAutomatonTest {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Test
    void matchesExactlyWhatTheRegularExpressionMatchesForEveryPatternOfTheMetadata() {
        MetadataSource source = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
        List<PhoneMetadata> metadata = new ArrayList<>();
        for (String region : PHONES.getSupportedRegions()) {
            metadata.add(source.getMetadataForRegion(region));
        }
        for (int code : PHONES.getSupportedGlobalNetworkCallingCodes()) {
            metadata.add(source.getMetadataForNonGeographicalRegion(code));
        }
        List<String> examples = new ArrayList<>();
        for (PhoneMetadata region : metadata) {
            for (PhoneNumberDesc desc : descriptions(region)) {
                if (desc.hasExampleNumber()) {
                    examples.add(desc.getExampleNumber());
                }
            }
        }
        Random random = new Random(11);
        int patterns = 0;
        int matched = 0;
        for (PhoneMetadata region : metadata) {
            for (PhoneNumberDesc desc : descriptions(region)) {
                String pattern = desc.getNationalNumberPattern();
                if (pattern.isEmpty()) {
                    continue;
                }
                DigitAutomaton automaton = DigitAutomaton.of(pattern);
                assertNotNull(automaton, region.getId() + " " + pattern);
                patterns++;
                Pattern regex = Pattern.compile(pattern);
                for (int i = 0; i < 200; i++) {
                    String example = desc.hasExampleNumber() && i % 2 == 0 ? desc.getExampleNumber()
                            : examples.get(random.nextInt(examples.size()));
                    String digits = i % 4 == 3 ? randomDigits(random) : mutate(example, random);
                    boolean expected = regex.matcher(digits).matches();
                    matched += expected ? 1 : 0;
                    assertEquals(expected, automaton.matches(digits), region.getId() + " " + pattern + " on " + digits);
                }
            }
        }
        assertTrue(patterns > 1000, "patterns covered: " + patterns);
        assertTrue(matched > 20_000, "the comparison must cover many matches, covered " + matched);
    }

    @Test
    void followsTheQuantifiersAndClasses() {
        DigitAutomaton automaton = DigitAutomaton.of("(?:1|[368]\\d|4[0-8])\\d{3,5}|9(?:0[1-3])?7*|5+");
        for (String digits : List.of("1123", "112345", "1123456", "30123", "4912345", "48123", "9", "9017", "90777", "904", "5", "555", "",
                "0", "12", "9x")) {
            assertEquals(Pattern.matches("(?:1|[368]\\d|4[0-8])\\d{3,5}|9(?:0[1-3])?7*|5+", digits), automaton.matches(digits), digits);
        }
        assertTrue(DigitAutomaton.of("\\d{0}").matches(""));
        assertFalse(DigitAutomaton.of("\\d{0}").matches("1"));
    }

    @Test
    void declinesSyntaxItDoesNotModel() {
        assertNull(DigitAutomaton.of("[^1]\\d"));
        assertNull(DigitAutomaton.of("a\\d"));
        assertNull(DigitAutomaton.of("\\d+?"));
        assertNull(DigitAutomaton.of("(\\d"));
        assertNull(DigitAutomaton.of("\\d)"));
        assertNull(DigitAutomaton.of("\\d{2,1}"));
        // Remembering the last thirteen digits takes 2^13 states.
        assertNull(DigitAutomaton.of("[01]*1\\d{12}"));
    }

    private static List<PhoneNumberDesc> descriptions(PhoneMetadata metadata) {
        return List.of(metadata.getGeneralDesc(), metadata.getFixedLine(), metadata.getMobile(), metadata.getTollFree(),
                metadata.getPremiumRate(), metadata.getSharedCost(), metadata.getVoip(), metadata.getPersonalNumber(),
                metadata.getPager(), metadata.getUan(), metadata.getVoicemail(), metadata.getNoInternationalDialling());
    }

    private static String randomDigits(Random random) {
        StringBuilder digits = new StringBuilder();
        int length = random.nextInt(18);
        for (int k = 0; k < length; k++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    /** Up to three digits replaced, inserted or removed. */
    private static String mutate(String example, Random random) {
        StringBuilder out = new StringBuilder(example);
        int changes = random.nextInt(4);
        for (int k = 0; k < changes; k++) {
            int operation = random.nextInt(3);
            if (operation == 0 && out.length() > 0) {
                out.setCharAt(random.nextInt(out.length()), (char) ('0' + random.nextInt(10)));
            } else if (operation == 1) {
                out.insert(random.nextInt(out.length() + 1), (char) ('0' + random.nextInt(10)));
            } else if (out.length() > 0) {
                out.deleteCharAt(random.nextInt(out.length()));
            }
        }
        return out.toString();
    }
}
