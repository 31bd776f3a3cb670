package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.simulator.FaultSettings;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM during a rolling restart: the proxy stops taking connections but finishes the request in flight,
 * answers it, writes its audit record, and then exits.
 */
@Timeout(120)
class GracefulShutdownTest {
    private static final String TOKEN = SimulatorSettings.DEMO_TOKEN;
    private static final String SPACES = "/api/2.0/genie/spaces";

    @Test
    void finishesAndAuditsTheRequestInFlightWhenTerminated() throws Exception {
        Path audit = Files.createTempDirectory("graceful").resolve("audit.jsonl");
        try (SimulatedWorkspace workspace = SimulatedWorkspace.start(SimulatorSettings.defaults().withStepDelay(Duration.ZERO)
                .withQuestionsPerMinute(0))) {
            ChildJvm proxy = ChildJvm.start(List.of(), Map.of("GENIE_UPSTREAM_URL", workspace.uri().toString(),
                    "GENIE_CACHE_TTL", "0s", "GENIE_AUDIT_FILE", audit.toString()));
            try {
                proxy.awaitHealthy(Duration.ofSeconds(60));
                assertEquals(200, GenieCalls.HTTP.send(GenieCalls.request(proxy.uri(), SPACES, TOKEN).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                workspace.faults(FaultSettings.none().withAddedLatency(Duration.ofSeconds(2)).withPathContains(SPACES));
                workspace.clearRecordedRequests();

                CompletableFuture<HttpResponse<String>> inFlight = GenieCalls.HTTP.sendAsync(
                        GenieCalls.request(proxy.uri(), SPACES, TOKEN).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (workspace.recordedRequests().stream().noneMatch(r -> r.rawPath().equals(SPACES)) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                proxy.terminate();

                HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(answer.body().contains("\"spaces\""), answer.body());
                assertTrue(proxy.awaitExit(Duration.ofSeconds(30)), "the proxy did not exit after finishing:\n" + String.join("\n", proxy.lines()));
                String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
                assertTrue(Files.readAllLines(audit).stream().anyMatch(l -> l.contains(requestId) && l.contains("\"status\":200")),
                        "the answered request was audited before the proxy stopped");
            } finally {
                proxy.close();
            }
        }
    }

    @Test
    void aCallStillWaitingWhenTheGracePeriodEndsIsAnswered503AndAudited() throws Exception {
        Path audit = Files.createTempDirectory("graceful-cut").resolve("audit.jsonl");
        try (SimulatedWorkspace workspace = SimulatedWorkspace.start(SimulatorSettings.defaults().withStepDelay(Duration.ZERO)
                .withQuestionsPerMinute(0))) {
            ChildJvm proxy = ChildJvm.start(List.of(), Map.of("GENIE_UPSTREAM_URL", workspace.uri().toString(),
                    "GENIE_CACHE_TTL", "0s", "GENIE_AUDIT_FILE", audit.toString(), "GENIE_SHUTDOWN_GRACE_PERIOD", "2s"));
            try {
                proxy.awaitHealthy(Duration.ofSeconds(60));
                workspace.faults(FaultSettings.none().withAddedLatency(Duration.ofSeconds(20)).withPathContains(SPACES));
                CompletableFuture<HttpResponse<String>> inFlight = GenieCalls.HTTP.sendAsync(
                        GenieCalls.request(proxy.uri(), SPACES, TOKEN).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (workspace.recordedRequests().stream().noneMatch(r -> r.rawPath().equals(SPACES)) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long terminatedAt = System.nanoTime();
                proxy.terminate();

                HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
                assertEquals(503, answer.statusCode(), answer.body());
                assertTrue(answer.body().contains("\"error_code\":\"TEMPORARILY_UNAVAILABLE\""), answer.body());
                assertEquals("1", answer.headers().firstValue("Retry-After").orElse(null));
                assertTrue(Duration.ofNanos(System.nanoTime() - terminatedAt).compareTo(Duration.ofSeconds(2)) < 0,
                        "answered before the 2 s grace period ended");
                assertTrue(proxy.awaitExit(Duration.ofSeconds(30)), "the proxy did not exit:\n" + String.join("\n", proxy.lines()));
                String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
                assertTrue(Files.readAllLines(audit).stream().anyMatch(l -> l.contains(requestId) && l.contains("\"status\":503")),
                        "the cut request has its audit record");
            } finally {
                proxy.close();
            }
        }
    }
}
