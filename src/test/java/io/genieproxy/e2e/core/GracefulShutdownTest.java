package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.simulator.FaultSettings;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import java.net.http.HttpRequest;
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
 * answers it, writes its audit record, and then exits; a request still waiting near the end of the grace period (on
 * the workspace, on the caller's identity lookup, in the question queue) is answered 503 and audited rather than cut.
 */
@Timeout(120)
class GracefulShutdownTest {
    private static final String TOKEN = SimulatorSettings.DEMO_TOKEN;
    private static final String SPACES = "/api/2.0/genie/spaces";
    private static final String SCIM_ME = "/api/2.0/preview/scim/v2/Me";

    @Test
    void finishesAndAuditsTheRequestInFlightWhenTerminated() throws Exception {
        Terminated run = terminateWhileHeld(Held.WORKSPACE, Duration.ofSeconds(2), Map.of());
        assertEquals(200, run.answer().statusCode(), run.answer().body());
        assertTrue(run.answer().body().contains("\"spaces\""), run.answer().body());
        assertTrue(run.hasAuditRecord("\"status\":200"), "the answered request was audited before the proxy stopped");
    }

    @Test
    void aCallStillWaitingWhenTheGracePeriodEndsIsAnswered503AndAudited() throws Exception {
        assertAnswered503BeforeTheGracePeriodEnded(terminateWhileHeld(Held.WORKSPACE, Duration.ofSeconds(20), SHORT_GRACE));
    }

    @Test
    void aCallerWhoseIdentityIsStillBeingLookedUpIsAnswered503AndAudited() throws Exception {
        assertAnswered503BeforeTheGracePeriodEnded(terminateWhileHeld(Held.IDENTITY, Duration.ofSeconds(20), SHORT_GRACE));
    }

    @Test
    void aQuestionStillQueuedForTheLimitIsAnswered503AndAudited() throws Exception {
        Map<String, String> env = new HashMap<>(SHORT_GRACE);
        env.putAll(Map.of("GENIE_RATE_LIMIT_QPM", "1", "GENIE_RATE_LIMIT_POLICY", "queue", "GENIE_RATE_LIMIT_MAX_WAIT", "90s"));
        assertAnswered503BeforeTheGracePeriodEnded(terminateWhileHeld(Held.QUESTION_QUEUE, Duration.ZERO, env));
    }

    private static final Map<String, String> SHORT_GRACE = Map.of("GENIE_SHUTDOWN_GRACE_PERIOD", "2s");

    private static void assertAnswered503BeforeTheGracePeriodEnded(Terminated run) {
        assertEquals(503, run.answer().statusCode(), run.answer().body());
        assertTrue(run.answer().body().contains("\"error_code\":\"TEMPORARILY_UNAVAILABLE\""), run.answer().body());
        assertEquals("1", run.answer().headers().firstValue("Retry-After").orElse(null));
        assertTrue(run.answeredAfterTerm().compareTo(Duration.ofSeconds(2)) < 0, "answered before the 2 s grace period ended");
        assertTrue(run.hasAuditRecord("\"status\":503"), "the cut request has its audit record");
    }

    /** Where the request in flight waits when SIGTERM comes. */
    private enum Held {
        /** GET spaces, which the workspace holds. */
        WORKSPACE,
        /** GET spaces by a caller seen for the first time, whose SCIM identity lookup the workspace holds. */
        IDENTITY,
        /** A second question within a one-question-per-minute limit, waiting in the question queue. */
        QUESTION_QUEUE
    }

    /** What the request got when SIGTERM came while it was held, and the audit log once the proxy exited. */
    private record Terminated(HttpResponse<String> answer, Duration answeredAfterTerm, List<String> auditLines) {
        boolean hasAuditRecord(String member) {
            String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
            return auditLines.stream().anyMatch(l -> l.contains(requestId) && l.contains(member));
        }
    }

    /**
     * Sends one request that is held where {@code held} says ({@code latency} added by the workspace where it is the
     * one holding it), sends SIGTERM while it waits, awaits the exit.
     */
    private static Terminated terminateWhileHeld(Held held, Duration latency, Map<String, String> extraEnv) throws Exception {
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
                String heldPath = switch (held) {
                    case WORKSPACE -> SPACES;
                    case IDENTITY -> SCIM_ME;
                    case QUESTION_QUEUE -> null;
                };
                HttpRequest request = switch (held) {
                    case WORKSPACE -> GenieCalls.request(proxy.uri(), SPACES, TOKEN).timeout(Duration.ofSeconds(30)).GET().build();
                    case IDENTITY -> GenieCalls.request(proxy.uri(), SPACES, SimulatorSettings.DEMO_TOKEN_2)
                            .timeout(Duration.ofSeconds(30)).GET().build();
                    case QUESTION_QUEUE -> {
                        assertEquals(200, GenieCalls.HTTP.send(question(proxy), HttpResponse.BodyHandlers.ofString()).statusCode());
                        yield question(proxy);
                    }
                };
                if (heldPath != null) {
                    workspace.faults(FaultSettings.none().withAddedLatency(latency).withPathContains(heldPath));
                }
                workspace.clearRecordedRequests();

                CompletableFuture<HttpResponse<String>> inFlight = GenieCalls.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                if (heldPath != null) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (workspace.recordedRequests().stream().noneMatch(r -> r.rawPath().equals(heldPath)) && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                } else {
                    Thread.sleep(500); // the queued question never reaches the workspace: give it time to join the queue
                    assertTrue(workspace.recordedRequests().isEmpty(), "the second question waited in the proxy");
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

    private static HttpRequest question(ChildJvm proxy) {
        return GenieCalls.request(proxy.uri(), "/api/2.0/genie/spaces/" + SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID
                        + "/start-conversation", TOKEN).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"How many customers?\"}"))
                .build();
    }
}
