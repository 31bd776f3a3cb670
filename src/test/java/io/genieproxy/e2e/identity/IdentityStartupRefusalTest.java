package io.genieproxy.e2e.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.testing.LogCapture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real application refuses to start (nothing listens) when an identity setting is missing or a
 * template stand-in, and says which setting by its contract name without ever echoing a value.
 */
class IdentityStartupRefusalTest {
    private static final String JWKS_URL = "http://127.0.0.1:9/e2e-jwks-value-4f2a";
    private static final String ISSUER = "https://issuer-e2e-value.example/tenant-77";
    private static final String AUDIENCE = "audience-e2e-value-42";
    private static final String CLIENT_ID = "e2e-client-id-value-8d1c";
    private static final String REAL_SECRET = "e2e-real-secret-value-5b7e9d";

    /** Starts the whole application with these settings and returns the refusal (failing if it started). */
    private static Throwable refusal(Map<String, Object> settings) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("genie.upstream.url", "http://127.0.0.1:9");
        props.put("genie.audit.file", Files.createTempDirectory("genie-audit").resolve("a.jsonl").toString());
        props.put("otel.traces.exporter", "none");
        props.putAll(settings);
        return assertThrows(Throwable.class, () -> {
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
                server.isRunning();
            }
        }, "the proxy started");
    }

    private static List<String> messages(Throwable error) {
        List<String> all = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
            if (t.getCause() == t) {
                break;
            }
        }
        return all;
    }

    private static void assertNamesWithoutValues(Throwable error, LogCapture logs, String variable, String... values) {
        List<String> messages = messages(error);
        assertTrue(messages.stream().anyMatch(m -> m.contains(variable)), "no message names " + variable + ": " + messages);
        List<String> leaks = new ArrayList<>();
        for (String value : values) {
            messages.stream().filter(m -> m.contains(value)).forEach(m -> leaks.add("message: " + m.replace(value, "<value>")));
            logs.lines().stream().filter(l -> l.contains(value)).forEach(l -> leaks.add("log: " + l.replace(value, "<value>")));
        }
        assertEquals(List.of(), leaks, "a value was echoed");
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({"GENIE_AUTH_JWKS_URL,genie.auth.jwks-url", "GENIE_AUTH_ISSUER,genie.auth.issuer", "GENIE_AUTH_AUDIENCE,genie.auth.audience"})
    void refusesToStartInJwtModeWithoutARequiredSetting(String variable, String property) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("genie.auth.mode", "jwt", "genie.auth.jwks-url", JWKS_URL,
                "genie.auth.issuer", ISSUER, "genie.auth.audience", AUDIENCE));
        settings.remove(property);
        try (LogCapture logs = new LogCapture()) {
            assertNamesWithoutValues(refusal(settings), logs, variable, JWKS_URL, ISSUER, AUDIENCE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"your-secret", "changeme", "<secret>", "xxx", "  changeme  ", "YOUR_CLIENT_SECRET"})
    void refusesToStartWithAPlaceholderClientSecret(String placeholder) throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Throwable error = refusal(Map.of("genie.upstream.auth", "client-credentials",
                    "genie.upstream.client-id", CLIENT_ID, "genie.upstream.client-secret", placeholder));
            assertNamesWithoutValues(error, logs, "GENIE_UPSTREAM_CLIENT_SECRET", placeholder.strip());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"entra-obo", "token-exchange"})
    void refusesToStartWithAPlaceholderClientSecretInEveryExchangeMode(String mode) throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Throwable error = refusal(Map.of("genie.upstream.auth", mode, "genie.entra.tenant-id", "contoso.onmicrosoft.com",
                    "genie.upstream.client-id", CLIENT_ID, "genie.upstream.client-secret", "your-secret"));
            assertNamesWithoutValues(error, logs, "GENIE_UPSTREAM_CLIENT_SECRET", "your-secret");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"client-credentials,GENIE_UPSTREAM_CLIENT_SECRET", "entra-obo,GENIE_UPSTREAM_CLIENT_SECRET"})
    void refusesToStartWithoutTheClientSecret(String mode, String variable) throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Throwable error = refusal(Map.of("genie.upstream.auth", mode, "genie.entra.tenant-id", "contoso.onmicrosoft.com",
                    "genie.upstream.client-id", CLIENT_ID));
            assertNamesWithoutValues(error, logs, variable, CLIENT_ID);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"your-client-id", "<client-id>", "changeme"})
    void refusesToStartWithAPlaceholderClientIdInTokenExchangeMode(String placeholder) throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Throwable error = refusal(Map.of("genie.upstream.auth", "token-exchange", "genie.upstream.client-id", placeholder));
            assertNamesWithoutValues(error, logs, "GENIE_UPSTREAM_CLIENT_ID", placeholder);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<authority-url>", "your-authority", "changeme"})
    void refusesToStartWithAPlaceholderEntraAuthority(String placeholder) throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Throwable error = refusal(Map.of("genie.upstream.auth", "entra-obo", "genie.entra.tenant-id", "contoso.onmicrosoft.com",
                    "genie.entra.authority-url", placeholder, "genie.upstream.client-id", CLIENT_ID,
                    "genie.upstream.client-secret", REAL_SECRET));
            assertNamesWithoutValues(error, logs, "GENIE_ENTRA_AUTHORITY_URL", placeholder, REAL_SECRET);
        }
    }
}
