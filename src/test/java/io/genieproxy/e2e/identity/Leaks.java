package io.genieproxy.e2e.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The invariant "no bearer token, client secret or exchanged token in any log line, audit record or
 * error body", checked for the secrets a test handled. The in-process OAuth server's own request logs
 * (it is the IdP, not the proxy) are left out.
 */
final class Leaks {
    private static final List<String> FOREIGN_LOGGERS = List.of("no.nav.", "okhttp3.", "wiremock.", "com.github.tomakehurst.");

    private Leaks() {
    }

    /** Fails naming where (never printing the secret) when any secret shows up in logs, audit or the bodies. */
    static void assertNowhere(LogCapture logs, ProxyHarness harness, Collection<String> bodies, String... secrets) {
        List<String> places = new ArrayList<>();
        List<String> proxyLines = logs.lines().stream()
                .filter(line -> FOREIGN_LOGGERS.stream().noneMatch(line::startsWith))
                .toList();
        List<String> audit = harness.auditLines();
        for (int s = 0; s < secrets.length; s++) {
            String secret = secrets[s];
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            for (String line : proxyLines) {
                if (line.contains(secret)) {
                    places.add("secret #" + s + " in a log line of " + line.substring(0, line.indexOf(' ')));
                }
            }
            for (int i = 0; i < audit.size(); i++) {
                if (audit.get(i).contains(secret)) {
                    places.add("secret #" + s + " in audit line " + (i + 1));
                }
            }
            int b = 0;
            for (String body : bodies) {
                if (body != null && body.contains(secret)) {
                    places.add("secret #" + s + " in answer body #" + b);
                }
                b++;
            }
        }
        assertEquals(List.of(), places, "secrets leaked");
    }

    /** Turns the proxy's own loggers up to DEBUG so leak checks also see debug lines; close to restore. */
    static AutoCloseable debugLogging() {
        Logger proxy = (Logger) LoggerFactory.getLogger("io.genieproxy");
        Level before = proxy.getLevel();
        proxy.setLevel(Level.DEBUG);
        return () -> proxy.setLevel(before);
    }
}
