package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The application as an operator starts it: demo mode with no upstream, simulator mode, and the proxy's own endpoints. */
@Timeout(120)
class ModesTest {
    private static final String TOKEN = SimulatorSettings.DEMO_TOKEN;

    @Test
    void startsInDemoModeWithoutAnUpstreamAndAnswersThroughTheEmbeddedSimulator() throws Exception {
        try (ChildJvm app = ChildJvm.start(List.of("-Xmx256m"), Map.of())) {
            app.awaitHealthy(Duration.ofSeconds(60));
            assertTrue(app.awaitLine("Mode: demo", Duration.ofSeconds(10)), String.join("\n", app.lines()));
            assertTrue(app.awaitLine("Startup completed", Duration.ofSeconds(10)), String.join("\n", app.lines()));

            HttpResponse<String> spaces = GenieCalls.get(app.uri(), "/api/2.0/genie/spaces", TOKEN);
            assertEquals(200, spaces.statusCode(), spaces.body());
            assertTrue(spaces.body().contains(SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID), spaces.body());

            HttpResponse<String> anonymous = GenieCalls.get(app.uri(), "/api/2.0/genie/spaces", null);
            assertEquals(401, anonymous.statusCode());
            assertEquals("UNAUTHENTICATED", GenieCalls.json(anonymous.body()).path("error_code").asText());

            HttpResponse<String> health = GenieCalls.get(app.uri(), "/health", null);
            assertEquals(200, health.statusCode());
            assertEquals("UP", GenieCalls.json(health.body()).path("status").asText());

            HttpResponse<String> metrics = GenieCalls.get(app.uri(), "/prometheus", null);
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), metrics.headers().toString());
            assertTrue(metrics.body().contains("# TYPE "), metrics.body());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "no JVM metrics");

            for (String path : List.of("/", "/api/2.0/clusters/list", "/api/2.0/genie", "/api/2.0/genie-other/spaces",
                    "/.well-known/databricks-config", "/oidc/.well-known/oauth-authorization-server", "/api/2.0/preview/scim/v2/Me")) {
                HttpResponse<String> notGenie = GenieCalls.get(app.uri(), path, TOKEN);
                assertEquals(404, notGenie.statusCode(), path + " " + notGenie.body());
                assertEquals("ENDPOINT_NOT_FOUND", GenieCalls.json(notGenie.body()).path("error_code").asText(), path);
            }

            // A dot-segment escape from the Genie prefix is a hostile shape: refused outright, never forwarded.
            HttpResponse<String> escape = GenieCalls.get(app.uri(), "/api/2.0/genie/spaces/../../clusters/list", TOKEN);
            assertEquals(400, escape.statusCode(), escape.body());
            assertEquals("BAD_REQUEST", GenieCalls.json(escape.body()).path("error_code").asText());

            assertEquals(List.of(), app.lines().stream().filter(l -> l.contains(TOKEN)).toList(), "a bearer token was logged");
        }
    }

    @Test
    void servesTheSimulatedWorkspaceAloneInSimulatorMode() throws Exception {
        try (ChildJvm simulator = ChildJvm.start(List.of("-Xmx128m"), Map.of("GENIE_MODE", "simulator", "GENIE_SIMULATOR_STEP_DELAY", "50ms"))) {
            simulator.awaitHealthy(Duration.ofSeconds(60));
            assertTrue(simulator.awaitLine("Mode: simulator", Duration.ofSeconds(10)), String.join("\n", simulator.lines()));
            assertTrue(simulator.lines().stream().anyMatch(l -> l.contains(simulator.uri().toString())),
                    "not listening on MICRONAUT_SERVER_PORT: " + String.join("\n", simulator.lines()));

            HttpResponse<String> health = GenieCalls.get(simulator.uri(), "/health", null);
            assertEquals("UP", GenieCalls.json(health.body()).path("status").asText());

            HttpResponse<String> spaces = GenieCalls.get(simulator.uri(), "/api/2.0/genie/spaces", TOKEN);
            assertEquals(200, spaces.statusCode(), spaces.body());
            assertTrue(spaces.body().contains(SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID));
            // The workspace itself, not a proxy: its SCIM endpoint answers, and a bad token gets its 403.
            assertEquals(200, GenieCalls.get(simulator.uri(), "/api/2.0/preview/scim/v2/Me", TOKEN).statusCode());
            assertEquals(403, GenieCalls.get(simulator.uri(), "/api/2.0/genie/spaces", "dapi-not-a-token").statusCode());
            assertTrue(simulator.lines().stream().noneMatch(l -> l.contains("StartupReport")), "proxy stages started");

            assertEquals(List.of(), simulator.lines().stream().filter(l -> l.contains(TOKEN)).toList(), "a bearer token was logged");
        }
    }
}
