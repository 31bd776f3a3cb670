package io.genieproxy.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import static io.genieproxy.simulator.SimulatorHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultInjectionTest {
    private static final String SPACES = "/api/2.0/genie/spaces";

    private SimulatedWorkspace workspace;
    private SimulatorHttp demo;

    @BeforeEach
    void start() {
        workspace = SimulatedWorkspace.start(SimulatorSettings.defaults());
        demo = new SimulatorHttp(workspace.uri(), SimulatorSettings.DEMO_TOKEN);
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    @Test
    void answersServerErrorsAtTheErrorRate() {
        workspace.faults(FaultSettings.none().withErrorRate(1));
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = demo.get(SPACES);
            assertTrue(Set.of(500, 503).contains(response.statusCode()));
            assertTrue(Set.of("INTERNAL_ERROR", "TEMPORARILY_UNAVAILABLE").contains(json(response).get("error_code")));
        }
        workspace.faults(FaultSettings.none());
        assertEquals(200, demo.get(SPACES).statusCode());
    }

    @Test
    void throttlesWithRetryAfterAtTheThrottleRate() {
        workspace.faults(FaultSettings.none().withThrottleRate(1));
        HttpResponse<String> response = demo.get(SPACES);
        assertEquals(429, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("REQUEST_LIMIT_EXCEEDED", json(response).get("error_code"));
    }

    @Test
    void dropsTheConnectionWithoutAResponseAtTheResetRate() {
        workspace.faults(FaultSettings.none().withResetRate(1));
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> demo.get(SPACES));
        assertInstanceOf(IOException.class, failure.getCause());
        assertTrue(workspace.recordedRequests().stream().allMatch(r -> r.rawPath().equals(SPACES)));
        workspace.faults(FaultSettings.none());
        assertEquals(200, demo.get(SPACES).statusCode());
    }

    @Test
    void delaysResponsesByTheAddedLatency() {
        workspace.faults(FaultSettings.none().withAddedLatency(Duration.ofMillis(300)));
        long started = System.nanoTime();
        assertEquals(200, demo.get(SPACES).statusCode());
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void streamsTheBodySlowly() throws Exception {
        SimulatedWorkspace big = SimulatedWorkspace.start(SimulatorSettings.defaults().withStepDelay(Duration.ZERO)
                .withVisualizationBytes(40_000));
        try (big) {
            SimulatorHttp client = new SimulatorHttp(big.uri(), SimulatorSettings.DEMO_TOKEN);
            String space = SPACES + "/" + SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID;
            var started = json(client.post(space + "/start-conversation", "{\"content\":\"Top customers\"}"));
            String message = space + "/conversations/" + started.get("conversation_id") + "/messages/" + started.get("message_id");
            String attachment = (String) SimulatorHttp.map(SimulatorHttp.list(json(client.get(message)).get("attachments")).get(0)).get("attachment_id");
            big.faults(FaultSettings.none().withSlowBodyBytesPerSecond(100_000));
            long begin = System.nanoTime();
            HttpResponse<byte[]> png = client.getBytes(message + "/attachments/" + attachment + "/download-visualization");
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertEquals(40_000, png.body().length);
            assertTrue(millis >= 300, "took " + millis + " ms");
        }
    }

    @Test
    void appliesFaultsOnlyToMatchingPaths() {
        workspace.faults(FaultSettings.none().withErrorRate(1).withPathContains("/start-conversation"));
        assertEquals(200, demo.get(SPACES).statusCode());
        String ask = SPACES + "/" + SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID + "/start-conversation";
        assertTrue(demo.post(ask, "{\"content\":\"x\"}").statusCode() >= 500);
        workspace.faults(FaultSettings.none().withErrorRate(1));
        assertEquals(200, new SimulatorHttp(workspace.uri(), null).get("/health").statusCode());
    }

    @Test
    void readsSettingsFromTheEnvironment() {
        SimulatorSettings settings = SimulatorSettings.fromEnvironment(java.util.Map.of(
                "GENIE_SIMULATOR_QPM", "7", "GENIE_SIMULATOR_STEP_DELAY", "2s", "GENIE_SIMULATOR_ERROR_RATE", "0.25"));
        assertEquals(7, settings.questionsPerMinute());
        assertEquals(Duration.ofSeconds(2), settings.stepDelay());
        assertEquals(0.25, settings.faults().errorRate());
        assertEquals(Duration.ofMillis(400), SimulatorSettings.fromEnvironment(java.util.Map.of(
                "GENIE_SIMULATOR_STEP_DELAY", "400ms")).stepDelay());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SimulatorSettings.fromEnvironment(java.util.Map.of("GENIE_SIMULATOR_QPM", "lots")));
        assertTrue(bad.getMessage().contains("GENIE_SIMULATOR_QPM"));
        assertTrue(!SimulatorSettings.defaults().toString().contains(SimulatorSettings.DEMO_TOKEN));
    }
}
