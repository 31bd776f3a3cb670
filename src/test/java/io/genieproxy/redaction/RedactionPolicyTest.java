package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionPolicyTest {
    private static final String KEY = "k".repeat(40);
    private static final Function<String, String> ENV = name -> name.equals("GENIE_REDACTION_KEY") ? KEY : null;

    @Test
    void defaultsScanCoreCategoriesWithMaskAndRedactSqlLiterals() {
        RedactionPolicy.Rules rules = RedactionPolicy.defaults().rulesFor("any-space");
        assertTrue(rules.enabled().contains(PiiCategory.EMAIL));
        assertFalse(rules.enabled().contains(PiiCategory.URL));
        assertEquals(RedactionMode.MASK, rules.modeFor(PiiCategory.PAYMENT_CARD));
        assertTrue(rules.redactSqlLiterals());
        assertTrue(RedactionPolicy.defaults().exemptionsFor(Set.of("admins")).isEmpty());
    }

    @Test
    void loadsTheSampleYamlPolicy() throws URISyntaxException {
        Path sample = Path.of(getClass().getResource("/redaction/policy-sample.yaml").toURI());
        RedactionPolicy policy = RedactionPolicy.load(sample, ENV);
        RedactionPolicy.Rules defaults = policy.rulesFor(null);
        assertTrue(defaults.enabled().contains(PiiCategory.US_ITIN));
        assertEquals(RedactionMode.PSEUDONYM, defaults.columnModes().get("email"));
        assertEquals(RedactionMode.DROP, defaults.columnModes().get("ssn"));
        assertEquals(RedactionMode.PARTIAL, defaults.modeFor(PiiCategory.PAYMENT_CARD));
        RedactionPolicy.Rules hr = policy.rulesFor("01ef9d2c3b4a5e6f7a8b9c0d1e2f3a4b");
        assertTrue(hr.enabled().contains(PiiCategory.UK_NINO));
        assertEquals(RedactionMode.DROP, hr.columnModes().get("national_insurance"));
        assertEquals(RedactionMode.PSEUDONYM, hr.columnModes().get("email"));
        assertFalse(hr.redactSqlLiterals());
        assertEquals(Set.of(PiiCategory.values()), Set.copyOf(policy.exemptionsFor(Set.of("pii-readers"))));
        assertEquals(Set.of(PiiCategory.EMAIL, PiiCategory.PHONE), policy.exemptionsFor(Set.of("support")));
    }

    @Test
    void loadsTheSamePolicyFromJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"defaults\": {\"mode\": \"partial\", \"columns\": {\"Card_Number\": \"drop\"}}}");
        RedactionPolicy.Rules rules = RedactionPolicy.load(file, ENV).rulesFor(null);
        assertEquals(RedactionMode.PARTIAL, rules.defaultMode());
        assertEquals(RedactionMode.DROP, rules.columnModes().get("card_number"));
    }

    @Test
    void refusesAnUnknownKeyNamingIt() {
        InvalidRedactionPolicyException e = assertThrows(InvalidRedactionPolicyException.class,
                () -> RedactionPolicy.fromTree(Map.of("defaults", Map.of("colums", Map.of())), ENV));
        assertTrue(e.getMessage().contains("defaults.colums"), e.getMessage());
    }

    @Test
    void refusesAnUnknownCategoryNamingTheKey() {
        InvalidRedactionPolicyException e = assertThrows(InvalidRedactionPolicyException.class,
                () -> RedactionPolicy.fromTree(Map.of("spaces", Map.of("s1", Map.of("enable", List.of("PASSPORT")))), ENV));
        assertTrue(e.getMessage().contains("spaces.s1.enable") && e.getMessage().contains("PASSPORT"), e.getMessage());
    }

    @Test
    void refusesAnUnknownModeNamingTheKey() {
        InvalidRedactionPolicyException e = assertThrows(InvalidRedactionPolicyException.class,
                () -> RedactionPolicy.fromTree(Map.of("defaults", Map.of("columns", Map.of("email", "hash"))), ENV));
        assertTrue(e.getMessage().contains("defaults.columns.email") && e.getMessage().contains("'hash'"), e.getMessage());
    }

    @Test
    void refusesPseudonymModeWithoutAKey() {
        InvalidRedactionPolicyException e = assertThrows(InvalidRedactionPolicyException.class,
                () -> RedactionPolicy.fromTree(Map.of("defaults", Map.of("columns", Map.of("email", "pseudonym"))), ENV));
        assertTrue(e.getMessage().contains("defaults.columns.email") && e.getMessage().contains("key"), e.getMessage());
        InvalidRedactionPolicyException unset = assertThrows(InvalidRedactionPolicyException.class,
                () -> RedactionPolicy.fromTree(Map.of("pseudonym-key-env", "NOT_SET",
                        "defaults", Map.of("mode", "format-preserving")), ENV));
        assertTrue(unset.getMessage().contains("NOT_SET"), unset.getMessage());
    }

    @Test
    void refusesAShortKeyWithoutPrintingIt() {
        InvalidRedactionPolicyException e = assertThrows(InvalidRedactionPolicyException.class,
                () -> RedactionPolicy.fromTree(Map.of("pseudonym-key", "hunter2"), ENV));
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void neverPrintsTheKey() {
        RedactionPolicy policy = RedactionPolicy.fromTree(Map.of("pseudonym-key-env", "GENIE_REDACTION_KEY",
                "defaults", Map.of("mode", "pseudonym")), ENV);
        assertFalse(policy.toString().contains(KEY));
        assertTrue(policy.toString().contains("key=set"));
    }

    @Test
    void refusesAnUnknownExemptCategoryAndANonBooleanSqlSwitch() {
        assertThrows(InvalidRedactionPolicyException.class,
                () -> RedactionPolicy.fromTree(Map.of("exempt-groups", Map.of("g", List.of("EVERYTHING"))), ENV));
        InvalidRedactionPolicyException e = assertThrows(InvalidRedactionPolicyException.class,
                () -> RedactionPolicy.fromTree(Map.of("defaults", Map.of("redact-sql-literals", "yes please")), ENV));
        assertTrue(e.getMessage().contains("defaults.redact-sql-literals"));
    }

    @Test
    void deniesDownloadsUnlessThePolicyAllowsThemOrTheCallerIsExemptFromEverything() {
        RedactionPolicy defaults = RedactionPolicy.defaults();
        assertFalse(defaults.allowsDownloads(Set.of()));
        RedactionPolicy exempt = RedactionPolicy.fromTree(Map.of("exempt-groups", Map.of("readers", List.of("ALL"), "support", List.of("EMAIL"))), ENV);
        assertTrue(exempt.allowsDownloads(Set.of("readers")));
        assertFalse(exempt.allowsDownloads(Set.of("support")), "seeing e-mail addresses raw is not seeing everything raw");
        assertTrue(RedactionPolicy.fromTree(Map.of("downloads", "allow"), ENV).allowsDownloads(Set.of()));
        assertFalse(RedactionPolicy.fromTree(Map.of("downloads", "Deny"), ENV).allowsDownloads(Set.of("support")));
        InvalidRedactionPolicyException e = assertThrows(InvalidRedactionPolicyException.class,
                () -> RedactionPolicy.fromTree(Map.of("downloads", "sometimes"), ENV));
        assertTrue(e.getMessage().contains("downloads"), e.getMessage());
    }
}
