package io.genieproxy.e2e.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.genieproxy.simulator.FaultSettings;
import io.genieproxy.testing.ProxyHarness;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Retries and the circuit breaker against a failing simulator. The simulator's error fault answers
 * 500 or 503 at random; only 502/503/504 are retried, so the tests read what each answer was.
 */
class UpstreamResilienceTest {
    /** A breaker that never opens, to watch retries alone. */
    private static final Map<String, Object> BREAKER_NEVER_OPENS = Map.of(
            "genie.upstream.circuit.consecutive-failures", 1000,
            "genie.upstream.circuit.failure-rate-threshold", 1.0,
            "genie.upstream.circuit.minimum-calls", 1000);

    @Test
    void retriesAFailingReadAndAnswersTheWorkspacesErrorWhenAttemptsRunOut() {
        try (ProxyHarness proxy = ProxyHarness.start(BREAKER_NEVER_OPENS)) {
            TrafficClient a = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
            TrafficClient.Asked asked = a.ask("Top customers by order amount");
            proxy.simulator().faults(FaultSettings.none().withErrorRate(1.0).withPathContains("/messages/"));
            boolean sawRetry = false;
            for (int i = 0; i < 12 && !sawRetry; i++) {
                proxy.simulator().clearRecordedRequests();
                HttpResponse<String> r = a.get(asked.messagePath(), "Cache-Control", "no-cache");
                long calls = TrafficClient.seen(proxy.simulator(), "GET", asked.messagePath());
                assertTrue(Set.of(500, 503).contains(r.statusCode()), "the workspace's own error: " + r.statusCode() + " " + r.body());
                Object code = TrafficClient.json(r.body()).get("error_code");
                assertEquals(r.statusCode() == 500 ? "INTERNAL_ERROR" : "TEMPORARILY_UNAVAILABLE", code);
                assertTrue(calls >= 1 && calls <= 2, "at most genie's 2 attempts per read, saw " + calls);
                sawRetry = calls == 2;
            }
            assertTrue(sawRetry, "a 503 on the first attempt is retried (the fault picks 500 or 503 at random)");
            assertTrue(TrafficClient.sum(TrafficClient.prometheus(proxy.proxyUri()), "genie_proxy_upstream_retries_total") >= 1);
        }
    }

    @Test
    void releasesTheConnectionOfEveryDiscardedStreamedAnswer() throws Exception {
        Map<String, Object> props = new java.util.HashMap<>(BREAKER_NEVER_OPENS);
        props.put("genie.cache.ttl", "0s");
        props.put("micronaut.http.client.pool.max-concurrent-http1-connections", 2);
        try (ProxyHarness proxy = ProxyHarness.start(props)) {
            TrafficClient a = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
            String space = "/api/2.0/genie/spaces/" + ProxyHarness.SPACE;
            assertEquals(200, a.get(space).statusCode());
            proxy.simulator().faults(FaultSettings.none().withErrorRate(1.0).withPathContains(space));
            int retried = 0;
            for (int i = 0; i < 40; i++) {
                proxy.simulator().clearRecordedRequests();
                a.get(space);
                retried += TrafficClient.seen(proxy.simulator(), "GET", space) == 2 ? 1 : 0;
            }
            assertTrue(retried >= 4, "streamed 503s were retried (their first answers discarded): " + retried);
            proxy.simulator().faults(FaultSettings.none());
            java.util.concurrent.CompletableFuture<HttpResponse<String>> after =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> a.get(space));
            assertEquals(200, after.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode(),
                    "the two pooled connections are free again");
        }
    }

    @Test
    void neverRetriesAQuestion() {
        try (ProxyHarness proxy = ProxyHarness.start(BREAKER_NEVER_OPENS)) {
            TrafficClient a = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
            proxy.simulator().faults(FaultSettings.none().withErrorRate(1.0).withPathContains("/start-conversation"));
            boolean saw503 = false;
            for (int i = 0; i < 12 && !saw503; i++) {
                proxy.simulator().clearRecordedRequests();
                HttpResponse<String> r = a.startConversation("question " + i);
                assertTrue(Set.of(500, 503).contains(r.statusCode()), r.statusCode() + " " + r.body());
                assertEquals(1, TrafficClient.seen(proxy.simulator(), "POST", p -> p.endsWith("/start-conversation")),
                        "a question reaches the workspace exactly once");
                saw503 = r.statusCode() == 503;
            }
            assertTrue(saw503, "a retryable 503 was seen and still not retried");
        }
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndClosesItAfterASuccessfulProbe() {
        try (ProxyHarness proxy = ProxyHarness.start(Map.of(
                "genie.upstream.circuit.consecutive-failures", 3,
                "genie.upstream.circuit.open-for", "1s"))) {
            TrafficClient a = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
            TrafficClient.Asked asked = a.ask("Top customers by order amount");
            proxy.simulator().faults(FaultSettings.none().withErrorRate(1.0).withPathContains("/messages/"));

            HttpResponse<String> open = null;
            for (int i = 0; i < 6 && open == null; i++) {
                proxy.simulator().clearRecordedRequests();
                HttpResponse<String> r = a.get(asked.messagePath(), "Cache-Control", "no-cache");
                if (TrafficClient.seen(proxy.simulator(), "GET", asked.messagePath()) == 0) {
                    open = r;
                }
            }
            if (open == null) {
                fail("the circuit never opened after 6 failing reads");
            }
            assertEquals(503, open.statusCode(), open.body());
            assertEquals("TEMPORARILY_UNAVAILABLE", TrafficClient.json(open.body()).get("error_code"));
            long retryAfter = Long.parseLong(open.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 1, "the 1 s cool-down, rounded up: " + retryAfter);
            assertEquals(503, a.startConversation("questions are held back too").statusCode());
            assertEquals(0, TrafficClient.seen(proxy.simulator(), "POST", p -> p.endsWith("/start-conversation")));

            proxy.simulator().faults(FaultSettings.none());
            TrafficClient.sleep(retryAfter * 1000 + 100);
            HttpResponse<String> probe = a.get(asked.messagePath(), "Cache-Control", "no-cache");
            assertEquals(200, probe.statusCode(), "the probe after the cool-down reaches the recovered workspace: " + probe.body());
            assertEquals(200, a.get(asked.messagePath(), "Cache-Control", "no-cache").statusCode(), "and the circuit is closed again");
            assertEquals(200, a.startConversation("questions flow again").statusCode());
            assertTrue(TrafficClient.prometheus(proxy.proxyUri()).lines()
                    .anyMatch(l -> l.startsWith("genie_proxy_circuit_state{") && l.endsWith(" 0.0")), "the gauge says closed");
        }
    }
}
