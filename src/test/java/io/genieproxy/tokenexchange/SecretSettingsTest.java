package io.genieproxy.tokenexchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict mode: placeholders and blanks stop startup, naming the variable and never the value. */
class SecretSettingsTest {

    @Test
    void refusesPlaceholdersNamingTheVariableNotTheValue() {
        for (String placeholder : List.of("your-client-secret", "YOUR_SECRET", "changeme", "ChangeMe", "<client-secret>",
                "xxx", "XXXXXXXX", "TODO", "todo: fill in", "placeholder", "${SECRET}", "replace-me-now", "secret-xxxx-here")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SecretSettings.requireReal("GENIE_UPSTREAM_CLIENT_SECRET", placeholder));
            assertTrue(e.getMessage().contains("GENIE_UPSTREAM_CLIENT_SECRET"), e.getMessage());
            assertFalse(e.getMessage().contains(placeholder), e.getMessage());
        }
    }

    @Test
    void refusesMissingAndBlankValues() {
        for (String blank : new String[] {null, "", "   ", "\t"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SecretSettings.requireReal("GENIE_ENTRA_TENANT_ID", blank));
            assertTrue(e.getMessage().contains("GENIE_ENTRA_TENANT_ID"));
        }
    }

    @Test
    void acceptsRealLookingValues() {
        assertEquals("Q8x7Q~abcDEF.ghiJKLmnoPQRstuVWXyz0123456789", SecretSettings.requireReal("S", " Q8x7Q~abcDEF.ghiJKLmnoPQRstuVWXyz0123456789 "));
        assertEquals("2ff814a6-3304-4ab8-85cb-cd0e6f879c1d", SecretSettings.requireReal("S", "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"));
        assertEquals("dose0123456789abcdef", SecretSettings.requireReal("S", "dose0123456789abcdef"));
    }
}
