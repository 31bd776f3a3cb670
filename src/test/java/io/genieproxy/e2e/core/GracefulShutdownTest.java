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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM during a rolling restart: the proxy stops taking connections but finishes the request in flight,
 * answers it, writes its audit record, and then exits; a call the workspace still holds near the end of the grace
 * period is answered 503 and audited rather than cut.
 */
@Timeout(120)
class GracefulShutdownTest {
    private static final String TOKEN = SimulatorSettings.DEMO_TOKEN;
    private static final String SPACES = "/api/2.0/genie/spaces";

    @Test
    void finishesAndAuditsTheRequestInFlightWhenTerminated() throws Exception {
        Terminated run = terminateWithACallInFlight(Duration.ofSeconds(2), Map.of());
        assertEquals(200, run.answer().statusCode(), run.answer().body());
        assertTrue(run.answer().body().contains("\"spaces\""), run.answer().body());
        assertTrue(run.hasAuditRecord("\"status\":200"), "the answered request was audited before the proxy stopped");
    }

    @Test
    void aCallStillWaitingWhenTheGracePeriodEndsIsAnswered503AndAudited() throws Exception {
        Terminated run = terminateWithACallInFlight(Duration.ofSeconds(20), Map.of("GENIE_SHUTDOWN_GRACE_PERIOD", "2s"));
        assertEquals(503, run.answer().statusCode(), run.answer().body());
        assertTrue(run.answer().body().contains("\"error_code\":\"TEMPORARILY_UNAVAILABLE\""), run.answer().body());
        assertEquals("1", run.answer().headers().firstValue("Retry-After").orElse(null));
        assertTrue(run.answeredAfterTerm().compareTo(Duration.ofSeconds(2)) < 0, "answered before the 2 s grace period ended");
        assertTrue(run.hasAuditRecord("\"status\":503"), "the cut request has its audit record");
    }

    /** What one GET spaces got when SIGTERM came while the workspace held it, and the audit log once the proxy exited. */
    private record Terminated(HttpResponse<String> answer, Duration answeredAfterTerm, List<String> auditLines) {
        boolean hasAuditRecord(String member) {
            String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
            return auditLines.stream().anyMatch(l -> l.contains(requestId) && l.contains(member));
        }
    }

    /** Sends one GET spaces that the workspace holds for {@code upstreamLatency}, sends SIGTERM while it waits, awaits the exit. */
    private static Terminated terminateWithACallInFlight(Duration upstreamLatency, Map<String, String> extraEnv) throws Exception {
        Path audit = Files.createTempDirectory("graceful").resolve("audit.jsonl");
        try (SimulatedWorkspace workspace = SimulatedWorkspace.start(SimulatorSettings.defaults().withStepDelay(Duration.ZERO)
                .withQuestionsPerMinute(0))) {
            Map<String, String> env = new HashMap<>(Map.of("GENIE_UPSTREAM_URL", workspace.uri().toString(),
                    "GENIE_CACHE_TTL", "0s", "GENIE_AUDIT_FILE", audit.toString()));
            env.putAll(extraEnv);
            ChildJvm proxy = ChildJvm.start(List.of(), env);
            try {
                proxy.awaitHealthy(Duration.ofSeconds(60));
                assertEquals(200, GenieCalls.HTTP.send(GenieCalls.request(proxy.uri(), SPACES, TOKEN).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                workspace.faults(FaultSettings.none().withAddedLatency(upstreamLatency).withPathContains(SPACES));
                workspace.clearRecordedRequests();

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
                Duration answeredAfter = Duration.ofNanos(System.nanoTime() - terminatedAt);
                assertTrue(proxy.awaitExit(Duration.ofSeconds(30)), "the proxy did not exit:\n" + String.join("\n", proxy.lines()));
                return new Terminated(answer, answeredAfter, Files.readAllLines(audit));
            } finally {
                proxy.close();
            }
        }
    }
}
