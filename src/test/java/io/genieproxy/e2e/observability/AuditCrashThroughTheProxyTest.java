package io.genieproxy.e2e.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.audit.AuditLog;
import io.genieproxy.audit.AuditSettings;
import io.genieproxy.audit.AuditVerifier;
import io.genieproxy.audit.VerificationResult;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.testing.ProxyHarness;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy as a separate JVM, killed with SIGKILL under load: every request whose answer a client
 * received is in the audit log, and the chain verifies. And fail-closed: with an audit file that cannot
 * be written, callers get 503 TEMPORARILY_UNAVAILABLE, never an unaudited 200.
 */
@Timeout(180)
class AuditCrashThroughTheProxyTest {
    static SimulatedWorkspace simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = SimulatedWorkspace.start(ProxyHarness.fastSimulator());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void aKillDashNineUnderLoadLosesNoRecordOfAnAnsweredRequest(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("audit").resolve("genie-audit.jsonl");
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        try (ChildProxy proxy = ChildProxy.start(Map.of(
                "GENIE_UPSTREAM_URL", simulator.uri().toString(),
                "GENIE_AUDIT_FILE", audit.toString(),
                "GENIE_RATE_LIMIT_QPM", "100000"), dir.resolve("proxy.log"))) {
            GenieTraffic traffic = new GenieTraffic(proxy.uri());
            AtomicBoolean stop = new AtomicBoolean();
            int threads = 6;
            CountDownLatch enough = new CountDownLatch(300);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    String token = thread % 2 == 0 ? ProxyHarness.DEMO_TOKEN : ProxyHarness.DEMO_TOKEN_2;
                    String path = thread % 3 == 0 ? "/api/2.0/genie/spaces/" + ProxyHarness.SPACE + "/conversations"
                            : "/api/2.0/genie/spaces";
                    for (int i = 0; !stop.get(); i++) {
                        String id = "crash-" + thread + "-" + i;
                        sent.incrementAndGet();
                        try {
                            HttpResponse<String> r = traffic.get(path, token, id);
                            if (r.statusCode() == 200) {
                                answered.add(id);
                                enough.countDown();
                            }
                        } catch (RuntimeException connectionLost) {
                            return;
                        }
                    }
                });
            }
            assertTrue(enough.await(60, TimeUnit.SECONDS), "only " + answered.size() + " answers in 60 s:\n" + proxy.log());
            proxy.kill();
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }

        // the answers received before the kill, and any received in the instant it took
        Set<String> recorded = new HashSet<>();
        for (String line : ChildProxy.lines(audit)) {
            if (line.endsWith("}")) {
                var record = GenieTraffic.read(line);
                if (record.path("kind").asText().equals("request")) {
                    recorded.add(record.path("request_id").asText());
                }
            }
        }
        List<String> missing = new ArrayList<>(answered);
        missing.removeAll(recorded);
        assertTrue(missing.isEmpty(), missing.size() + " of " + answered.size() + " answered requests have no audit record: "
                + missing.subList(0, Math.min(10, missing.size())));
        assertTrue(answered.size() >= 300, "answered " + answered.size());

        // a torn last line (a write cut by the kill) is cut off when the log is opened again; then the chain is intact
        AuditLog.open(AuditSettings.of(audit)).close();
        VerificationResult result = AuditVerifier.verify(List.of(audit), null);
        assertTrue(result.intact(), result.summary());
        System.out.printf("crash: %d requests sent, %d answered, %d request records, %s%n",
                sent.get(), answered.size(), recorded.size(), result.summary());
    }

    @Test
    void anAuditFileThatCannotBeWrittenAnswers503AndNeverAnUnauditedAnswer(@TempDir Path dir) throws Exception {
        Path notADirectory = dir.resolve("not-a-directory");
        Files.writeString(notADirectory, "a regular file where the audit directory should be\n");
        Path audit = notADirectory.resolve("genie-audit.jsonl");
        try (ChildProxy proxy = ChildProxy.start(Map.of(
                "GENIE_UPSTREAM_URL", simulator.uri().toString(),
                "GENIE_AUDIT_FILE", audit.toString(),
                "GENIE_RATE_LIMIT_QPM", "100000"), dir.resolve("proxy.log"))) {
            GenieTraffic traffic = new GenieTraffic(proxy.uri());
            HttpResponse<String> health = traffic.get("/health", null);
            assertEquals(503, health.statusCode(), "not ready while every Genie call would be refused: " + health.body());
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = traffic.get("/api/2.0/genie/spaces", ProxyHarness.DEMO_TOKEN, "unaudited-" + i);
                assertEquals(503, r.statusCode(), r.body());
                assertTrue(r.body().contains("\"error_code\":\"TEMPORARILY_UNAVAILABLE\""), r.body());
                assertTrue(r.headers().firstValue("Retry-After").isPresent(), "Retry-After on the 503");
            }
            HttpResponse<String> question = traffic.startConversation(ProxyHarness.DEMO_TOKEN, ProxyHarness.SPACE, "top customers");
            assertEquals(503, question.statusCode(), question.body());
            assertFalse(question.body().contains("conversation_id"), "an unaudited answer leaked: " + question.body());
            HttpResponse<String> metrics = traffic.get("/prometheus", null);
            assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("genie_proxy_audit_failures_total") && !l.endsWith(" 0.0")),
                    "audit failures are counted");
        }
    }
}
