package io.genieproxy.e2e.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.simulator.FaultSettings;
import io.genieproxy.testing.ProxyHarness;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-caller answer cache and poll coalescing through the real proxy: what the simulator sees,
 * and that one caller never gets an answer fetched with another caller's identity.
 */
class PerCallerCacheTest {
    static ProxyHarness proxy;
    static TrafficClient userA;
    static TrafficClient userB;
    static TrafficClient simulatorAsA;

    @BeforeAll
    static void start() {
        proxy = ProxyHarness.start();
        userA = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
        userB = userA.as(ProxyHarness.DEMO_TOKEN_2);
        simulatorAsA = new TrafficClient(proxy.simulator().uri(), ProxyHarness.DEMO_TOKEN);
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @BeforeEach
    @AfterEach
    void noFaults() {
        proxy.simulator().faults(FaultSettings.none());
    }

    /** A's completed message, known complete by asking the simulator directly, with nothing of it in the proxy's cache. */
    private static TrafficClient.Asked completedButUncached(String question) {
        TrafficClient.Asked asked = userA.ask(question);
        simulatorAsA.awaitCompleted(asked);
        proxy.simulator().clearRecordedRequests();
        return asked;
    }

    private static String resultPath(TrafficClient.Asked asked, String completedJson) {
        return asked.messagePath() + "/attachments/" + TrafficClient.queryAttachmentId(completedJson) + "/query-result";
    }

    private static String xCache(HttpResponse<String> r) {
        return r.headers().firstValue("X-Cache").orElse("none");
    }

    @Test
    void servesACallersRepeatedTerminalMessageAndQueryResultFromCache() {
        TrafficClient.Asked asked = completedButUncached("Top customers by order amount");
        HttpResponse<String> first = userA.get(asked.messagePath());
        HttpResponse<String> second = userA.get(asked.messagePath());
        assertEquals(200, first.statusCode());
        assertEquals("MISS", xCache(first));
        assertEquals("HIT", xCache(second));
        assertEquals(first.body(), second.body());
        assertEquals(1, TrafficClient.seen(proxy.simulator(), "GET", asked.messagePath()));

        String result = resultPath(asked, first.body());
        HttpResponse<String> r1 = userA.get(result);
        HttpResponse<String> r2 = userA.get(result);
        assertEquals(200, r1.statusCode(), r1.body());
        assertEquals("MISS", xCache(r1));
        assertEquals("HIT", xCache(r2));
        assertEquals(r1.body(), r2.body());
        assertEquals(1, TrafficClient.seen(proxy.simulator(), "GET", result));
    }

    @Test
    void servesARepeatedSmallVisualizationFromTheCallersCacheOnly() {
        TrafficClient.Asked asked = completedButUncached("Top customers by order amount");
        String viz = resultPath(asked, simulatorAsA.get(asked.messagePath()).body()).replace("/query-result", "/download-visualization");
        proxy.simulator().clearRecordedRequests();

        HttpResponse<String> first = userA.get(viz, "Accept", "application/octet-stream");
        HttpResponse<String> second = userA.get(viz, "Accept", "application/octet-stream");
        HttpResponse<String> others = userB.get(viz, "Accept", "application/octet-stream");

        assertEquals(200, first.statusCode(), first.body());
        assertEquals("MISS", xCache(first));
        assertEquals("HIT", xCache(second));
        assertEquals(first.body(), second.body());
        assertEquals(first.headers().firstValue("Content-Type"), second.headers().firstValue("Content-Type"));
        assertEquals(first.headers().firstValue("Content-Length"), second.headers().firstValue("Content-Length"));
        assertEquals(404, others.statusCode(), "B asked the workspace, which refuses: " + others.body());
        assertEquals(2, TrafficClient.seen(proxy.simulator(), "GET", viz), "A once, B once");
    }

    @Test
    void streamsALargeVisualizationThroughWithoutCachingIt() {
        try (ProxyHarness large = ProxyHarness.start(ProxyHarness.fastSimulator().withVisualizationBytes(200_000), Map.of())) {
            TrafficClient a = new TrafficClient(large.proxyUri(), ProxyHarness.DEMO_TOKEN);
            TrafficClient.Asked asked = a.ask("Top customers by order amount");
            String viz = resultPath(asked, a.awaitCompleted(asked).body()).replace("/query-result", "/download-visualization");

            HttpResponse<String> first = a.get(viz, "Accept", "application/octet-stream");
            HttpResponse<String> second = a.get(viz, "Accept", "application/octet-stream");

            assertEquals(200, first.statusCode());
            assertEquals("200000", first.headers().firstValue("Content-Length").orElse(null));
            assertEquals("MISS", xCache(first));
            assertEquals("MISS", xCache(second));
            assertEquals(2, TrafficClient.seen(large.simulator(), "GET", viz));
        }
    }

    @Test
    void doesNotServeOneCallersCachedAnswerToAnother() {
        TrafficClient.Asked asked = completedButUncached("Top customers by order amount");
        HttpResponse<String> mine = userA.awaitCompleted(asked);
        String result = resultPath(asked, mine.body());
        assertEquals(200, userA.get(result).statusCode());
        assertEquals("HIT", xCache(userA.get(asked.messagePath())));
        assertEquals("HIT", xCache(userA.get(result)));

        HttpResponse<String> othersMessage = userB.get(asked.messagePath());
        HttpResponse<String> othersResult = userB.get(result);
        assertEquals(404, othersMessage.statusCode(), "B asked the workspace, which refuses: " + othersMessage.body());
        assertEquals(404, othersResult.statusCode(), othersResult.body());
        assertFalse(othersMessage.body().contains(asked.messageId() + "\",\"conversation_id"), othersMessage.body());
        long callsAsA = proxy.simulator().recordedRequests().stream().filter(q -> q.rawPath().equals(asked.messagePath())
                && ("Bearer " + ProxyHarness.DEMO_TOKEN).equals(q.header("Authorization"))).count();
        assertEquals(1, callsAsA, "A's reads after completion made one call; the rest were hits");
    }

    @Test
    void doesNotServeOneCallersAnswerToAnotherUnderConcurrency() throws Exception {
        TrafficClient.Asked asked = completedButUncached("Top customers by order amount");
        String completed = simulatorAsA.get(asked.messagePath()).body();
        String result = resultPath(asked, completed);
        proxy.simulator().faults(FaultSettings.none().withAddedLatency(Duration.ofMillis(100)).withPathContains(asked.messageId()));
        List<HttpResponse<String>> asA = new ArrayList<>();
        List<HttpResponse<String>> asB = new ArrayList<>();
        runTogether(20, i -> {
            TrafficClient who = i % 2 == 0 ? userA : userB;
            List<HttpResponse<String>> into = i % 2 == 0 ? asA : asB;
            for (int round = 0; round < 3; round++) {
                HttpResponse<String> m = who.get(asked.messagePath());
                HttpResponse<String> r = who.get(result);
                synchronized (into) {
                    into.add(m);
                    into.add(r);
                }
            }
        });
        assertEquals(60, asA.size());
        assertEquals(60, asB.size());
        asA.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        asB.forEach(r -> {
            assertEquals(404, r.statusCode(), "B got an answer fetched for A: " + r.body());
            assertFalse(r.body().contains("statement_response") || r.body().contains("\"attachments\""), r.body());
        });
        long callsAsB = proxy.simulator().recordedRequests().stream()
                .filter(q -> ("Bearer " + ProxyHarness.DEMO_TOKEN_2).equals(q.header("Authorization"))).count();
        assertTrue(callsAsB >= 2, "B's reads went upstream with B's own token: " + callsAsB);
    }

    @Test
    void bypassesTheCacheForNoCacheAndAsksTheWorkspace() {
        TrafficClient.Asked asked = completedButUncached("Top customers by order amount");
        assertEquals("MISS", xCache(userA.get(asked.messagePath())));
        assertEquals("HIT", xCache(userA.get(asked.messagePath())));
        HttpResponse<String> bypass = userA.get(asked.messagePath(), "Cache-Control", "no-cache");
        assertEquals(200, bypass.statusCode());
        assertEquals("BYPASS", xCache(bypass));
        assertEquals(2, TrafficClient.seen(proxy.simulator(), "GET", asked.messagePath()));
    }

    @Test
    void forgetsAConversationsAnswersWhenItIsDeleted() {
        TrafficClient.Asked asked = completedButUncached("Top customers by order amount");
        HttpResponse<String> completed = userA.get(asked.messagePath());
        String result = resultPath(asked, completed.body());
        userA.get(result);
        assertEquals("HIT", xCache(userA.get(asked.messagePath())));
        assertEquals("HIT", xCache(userA.get(result)));

        HttpResponse<String> deleted = userA.delete(asked.conversationPath());
        assertEquals(200, deleted.statusCode(), deleted.body());
        HttpResponse<String> afterMessage = userA.get(asked.messagePath());
        HttpResponse<String> afterResult = userA.get(result);
        assertEquals(404, afterMessage.statusCode(), "a deleted conversation's message is not served from cache: " + afterMessage.body());
        assertEquals(404, afterResult.statusCode(), afterResult.body());
    }

    @Test
    void coalescesConcurrentIdenticalPollsOfOneCaller() throws Exception {
        TrafficClient.Asked asked = completedButUncached("Top customers by order amount");
        proxy.simulator().faults(FaultSettings.none().withAddedLatency(Duration.ofMillis(300)).withPathContains(asked.messageId()));
        List<HttpResponse<String>> answers = new ArrayList<>();
        runTogether(20, i -> {
            HttpResponse<String> r = userA.get(asked.messagePath(), "Cache-Control", "no-cache");
            synchronized (answers) {
                answers.add(r);
            }
        });
        answers.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        long calls = TrafficClient.seen(proxy.simulator(), "GET", asked.messagePath());
        assertTrue(calls <= 5, "20 overlapping polls made " + calls + " upstream calls");
        assertTrue(TrafficClient.sum(TrafficClient.prometheus(proxy.proxyUri()), "genie_proxy_coalesced_polls_total") >= 15);
        List<String> redactions = proxy.auditLines().stream().filter(l -> l.contains("\"kind\":\"request\"")
                && l.contains("\"path\":\"" + asked.messagePath() + "\"")).map(l -> l.replaceAll(".*(\"redactions\":\\{[^}]*\\}).*", "$1")).toList();
        assertEquals(20, redactions.size(), "one record per poll");
        assertTrue(redactions.stream().distinct().count() == 1 && redactions.get(0).contains("\"EMAIL\":"),
                "a poll that shared another's call is audited with what that call's answer had redacted: " + redactions);
    }

    @Test
    void neverSharesOneCallersPollWithAnother() throws Exception {
        TrafficClient.Asked asked = completedButUncached("Top customers by order amount");
        proxy.simulator().faults(FaultSettings.none().withAddedLatency(Duration.ofMillis(300)).withPathContains(asked.messageId()));
        List<HttpResponse<String>> asA = new ArrayList<>();
        List<HttpResponse<String>> asB = new ArrayList<>();
        runTogether(20, i -> {
            boolean a = i % 2 == 0;
            HttpResponse<String> r = (a ? userA : userB).get(asked.messagePath(), "Cache-Control", "no-cache");
            List<HttpResponse<String>> into = a ? asA : asB;
            synchronized (into) {
                into.add(r);
            }
        });
        asA.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        asB.forEach(r -> assertEquals(404, r.statusCode(), "B shared A's poll: " + r.body()));
        long callsAsB = proxy.simulator().recordedRequests().stream()
                .filter(q -> ("Bearer " + ProxyHarness.DEMO_TOKEN_2).equals(q.header("Authorization"))).count();
        assertTrue(callsAsB >= 1, "B's polls went upstream as B");
    }

    @Test
    void neverCachesAMessageThatIsStillInProgress() {
        try (ProxyHarness slow = ProxyHarness.start(ProxyHarness.fastSimulator().withStepDelay(Duration.ofSeconds(30)), Map.of())) {
            TrafficClient a = new TrafficClient(slow.proxyUri(), ProxyHarness.DEMO_TOKEN);
            TrafficClient.Asked asked = a.ask("Top customers by order amount");
            HttpResponse<String> first = a.get(asked.messagePath());
            HttpResponse<String> second = a.get(asked.messagePath());
            assertEquals("SUBMITTED", TrafficClient.json(second.body()).get("status"));
            assertEquals("MISS", xCache(first));
            assertEquals("MISS", xCache(second));
            assertEquals(2, TrafficClient.seen(slow.simulator(), "GET", asked.messagePath()));
        }
    }

    @Test
    void cachesNothingWhenTheTtlIsZero() {
        try (ProxyHarness uncached = ProxyHarness.start(Map.of("genie.cache.ttl", "0s"))) {
            TrafficClient a = new TrafficClient(uncached.proxyUri(), ProxyHarness.DEMO_TOKEN);
            TrafficClient.Asked asked = a.ask("Top customers by order amount");
            new TrafficClient(uncached.simulator().uri(), ProxyHarness.DEMO_TOKEN).awaitCompleted(asked);
            uncached.simulator().clearRecordedRequests();
            HttpResponse<String> first = a.get(asked.messagePath());
            HttpResponse<String> second = a.get(asked.messagePath());
            assertEquals(200, second.statusCode());
            assertFalse(xCache(first).equals("HIT") || xCache(second).equals("HIT"));
            assertEquals(2, TrafficClient.seen(uncached.simulator(), "GET", asked.messagePath()));
        }
    }

    /** Runs {@code n} tasks released at the same moment and waits (bounded) for all of them. */
    static void runTogether(int n, java.util.function.IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    task.accept(index);
                }, pool));
            }
            go.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }
}
