package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.simulator.FaultSettings;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import io.genieproxy.telemetry.MetricNames;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the workspace is down, slow or drops connections, the caller gets the Databricks error envelope
 * with the gateway status (502, 504) promptly; idempotent requests are retried once only when the
 * connection could not be made, never after a reset or a timeout (the workspace may have acted).
 */
@Timeout(60)
class UpstreamFailureTest {
    private static final String SPACE = ProxyHarness.SPACE;
    private static final String TOKEN = ProxyHarness.DEMO_TOKEN;
    private static final String SPACE_PATH = "/api/2.0/genie/spaces/" + SPACE;
    private static final String ASK_PATH = SPACE_PATH + "/start-conversation";

    LogCapture logs;

    @BeforeEach
    void capture() {
        logs = new LogCapture();
    }

    @AfterEach
    void noTokenLogged() {
        try {
            assertEquals(List.of(), logs.linesContaining(TOKEN), "a bearer token was logged");
        } finally {
            logs.close();
        }
    }

    private static SimulatorSettings fast() {
        return SimulatorSettings.defaults().withStepDelay(Duration.ofMillis(50)).withQuestionsPerMinute(0);
    }

    @Test
    void answersBadGatewayWhenTheWorkspaceGoesDownAndRecoversWhenItComesBack() throws Exception {
        try (ProxyHarness harness = ProxyHarness.start(fast(), Map.of("genie.cache.ttl", "0s"))) {
            assertEquals(200, GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN).statusCode());
            int port = harness.simulator().port();
            harness.simulator().close();

            long started = System.nanoTime();
            HttpResponse<String> down = GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN);
            assertEnvelope(down, 502, "BAD_GATEWAY");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0, "took too long");
            assertTrue(retries(harness) >= 1, "a GET that could not connect was not retried");

            double retriesBefore = retries(harness);
            HttpResponse<String> ask = GenieCalls.postJson(harness.proxyUri(), ASK_PATH, TOKEN, "{\"content\":\"hello\"}");
            assertEnvelope(ask, 502, "BAD_GATEWAY");
            assertEquals(retriesBefore, retries(harness), "a question was retried");

            try (SimulatedWorkspace back = SimulatedWorkspace.start(fast().withPort(port))) {
                HttpResponse<String> again = GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN);
                assertEquals(200, again.statusCode(), again.body());
                assertEquals(1, back.recordedRequests().stream().filter(r -> r.rawPath().equals(SPACE_PATH)).count());
            }
        }
    }

    @Test
    void refusesWithTemporarilyUnavailableWhenTheCallerCannotBeIdentifiedBecauseTheWorkspaceIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ProxyHarness harness = ProxyHarness.start(fast(), Map.of("genie.upstream.url", "http://127.0.0.1:" + closedPort))) {
            HttpResponse<String> response = GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN);
            // Databricks auth mode fails closed: no identity, no forwarding.
            assertEnvelope(response, 503, "TEMPORARILY_UNAVAILABLE");
            assertEquals(List.of(), harness.simulator().recordedRequests());
        }
    }

    @Test
    void answersDeadlineExceededWhenTheWorkspaceIsSlowerThanTheReadTimeout() throws Exception {
        try (ProxyHarness harness = ProxyHarness.start(fast(), Map.of("genie.upstream.read-timeout", "1s", "genie.cache.ttl", "0s"))) {
            // On a cold, shared machine the very first call (identity lookup, JIT, connection) can itself exceed 1 s.
            int status = 0;
            for (int i = 0; i < 5 && status != 200; i++) {
                status = GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN).statusCode();
            }
            assertEquals(200, status);
            harness.simulator().clearRecordedRequests();
            harness.simulator().faults(FaultSettings.none().withAddedLatency(Duration.ofSeconds(3)));

            long started = System.nanoTime();
            HttpResponse<String> slow = GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEnvelope(slow, 504, "DEADLINE_EXCEEDED");
            assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "the read timeout was not applied: " + took);
            assertEquals(1, harness.simulator().recordedRequests().stream().filter(r -> r.rawPath().equals(SPACE_PATH)).count(),
                    "a timed-out request was retried");

            harness.simulator().faults(FaultSettings.none());
            assertEquals(200, GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN).statusCode());
        }
    }

    @Test
    void answersBadGatewayWithoutRetryingWhenTheWorkspaceResetsTheConnection() throws Exception {
        try (ProxyHarness harness = ProxyHarness.start(fast(), Map.of("genie.cache.ttl", "0s"))) {
            assertEquals(200, GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN).statusCode());
            harness.simulator().clearRecordedRequests();
            harness.simulator().faults(FaultSettings.none().withResetRate(1).withPathContains(SPACE));

            HttpResponse<String> get = GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN);
            assertEnvelope(get, 502, "BAD_GATEWAY");
            assertEquals(1, harness.simulator().recordedRequests().stream().filter(r -> r.rawPath().equals(SPACE_PATH)).count(),
                    "a request the workspace may have acted on was retried");

            HttpResponse<String> ask = GenieCalls.postJson(harness.proxyUri(), ASK_PATH, TOKEN, "{\"content\":\"hello\"}");
            assertEnvelope(ask, 502, "BAD_GATEWAY");
            assertEquals(1, harness.simulator().recordedRequests().stream().filter(r -> r.rawPath().equals(ASK_PATH)).count());

            harness.simulator().faults(FaultSettings.none());
            assertEquals(200, GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN).statusCode());
        }
    }

    private static void assertEnvelope(HttpResponse<String> response, int status, String errorCode) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode envelope = GenieCalls.json(response.body());
        assertEquals(errorCode, envelope.path("error_code").asText(), response.body());
        assertTrue(envelope.path("message").isTextual(), response.body());
        assertTrue(response.headers().firstValue("X-Request-Id").isPresent());
    }

    private static double retries(ProxyHarness harness) {
        return harness.context().getBean(MeterRegistry.class).find(MetricNames.UPSTREAM_RETRIES).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
