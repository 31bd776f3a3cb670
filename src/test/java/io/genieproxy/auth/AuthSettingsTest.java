package io.genieproxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Startup refuses unsafe authentication settings, naming the variable and never its value. */
class AuthSettingsTest {

    private static IllegalStateException refused(Map<String, String> env) {
        return assertThrows(IllegalStateException.class, () -> AuthSettings.fromEnvironment(env).validate());
    }

    @Test
    void defaultsToDatabricksModeWithSafeDefaults() {
        AuthSettings s = AuthSettings.fromEnvironment(Map.of()).validate();
        assertEquals(AuthSettings.Mode.DATABRICKS, s.mode());
        assertEquals(8192, s.maxTokenBytes());
        assertEquals(Duration.ofMinutes(5), s.identityCacheTtl());
        assertEquals(Duration.ofSeconds(60), s.clockSkew());
    }

    @Test
    void jwtModeRequiresJwksUrlIssuerAndAudience() {
        IllegalStateException e = refused(Map.of("GENIE_AUTH_MODE", "jwt", "GENIE_AUTH_ISSUER", "https://idp.example/secret-tenant",
                "GENIE_AUTH_AUDIENCE", "api://proxy"));
        assertTrue(e.getMessage().contains("GENIE_AUTH_JWKS_URL"));
        assertFalse(e.getMessage().contains("secret-tenant"));
        assertTrue(refused(Map.of("GENIE_AUTH_MODE", "JWT", "GENIE_AUTH_JWKS_URL", "https://idp.example/keys",
                "GENIE_AUTH_AUDIENCE", "api://proxy")).getMessage().contains("GENIE_AUTH_ISSUER"));
        assertTrue(refused(Map.of("GENIE_AUTH_MODE", "jwt", "GENIE_AUTH_JWKS_URL", "https://idp.example/keys",
                "GENIE_AUTH_ISSUER", "https://idp.example")).getMessage().contains("GENIE_AUTH_AUDIENCE"));
    }

    @Test
    void refusesPlainHttpJwksToARemoteHost() {
        IllegalStateException e = refused(Map.of("GENIE_AUTH_MODE", "jwt", "GENIE_AUTH_JWKS_URL", "http://idp.example/keys",
                "GENIE_AUTH_ISSUER", "https://idp.example", "GENIE_AUTH_AUDIENCE", "api://proxy"));
        assertTrue(e.getMessage().contains("GENIE_AUTH_JWKS_URL"));
        assertFalse(e.getMessage().contains("idp.example"));
    }

    @Test
    void refusesUnknownModeAndSkewAboveSixtySeconds() {
        assertTrue(refused(Map.of("GENIE_AUTH_MODE", "anonymous")).getMessage().contains("GENIE_AUTH_MODE"));
        assertFalse(refused(Map.of("GENIE_AUTH_MODE", "anonymous")).getMessage().contains("anonymous"));
        assertTrue(refused(Map.of("GENIE_AUTH_CLOCK_SKEW", "5m")).getMessage().contains("GENIE_AUTH_CLOCK_SKEW"));
    }

    @Test
    void readsJwtModeSettings() {
        AuthSettings s = AuthSettings.fromEnvironment(Map.of("GENIE_AUTH_MODE", "jwt", "GENIE_AUTH_JWKS_URL", "https://idp.example/keys",
                "GENIE_AUTH_ISSUER", "https://idp.example", "GENIE_AUTH_AUDIENCE", "api://proxy", "GENIE_AUTH_CLOCK_SKEW", "30s",
                "GENIE_AUTH_IDENTITY_CACHE_TTL", "PT2M")).validate();
        assertEquals(AuthSettings.Mode.JWT, s.mode());
        assertEquals(Duration.ofSeconds(30), s.clockSkew());
        assertEquals(Duration.ofMinutes(2), s.identityCacheTtl());
    }
}
