package io.genieproxy.e2e.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Metrics after real traffic through the real proxy: what {@code /prometheus} exposes, that no label
 * carries a user, id, token or PII value, and that every dashboard panel returns data from a real
 * Prometheus scraping the proxy.
 */
@Timeout(120)
class MetricsThroughTheProxyTest {
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static ProxyHarness harness;
    static GenieTraffic traffic;
    static final List<String> ids = new ArrayList<>();
    static int resultRows;

    @BeforeAll
    static void startAndMakeTraffic() throws Exception {
        harness = ProxyHarness.start(Map.of("genie.rate-limit.user-qpm", 3));
        traffic = new GenieTraffic(harness.proxyUri());
        String demo = ProxyHarness.DEMO_TOKEN;
        String analyst = ProxyHarness.DEMO_TOKEN_2;

        assertEquals(200, traffic.get("/api/2.0/genie/spaces", demo).statusCode());
        assertEquals(200, traffic.get("/api/2.0/genie/spaces", demo).statusCode());
        GenieTraffic.Answered completed = traffic.ask(demo, "top customers by order amount");
        assertEquals("COMPLETED", completed.status());
        remember(completed.conversationId(), completed.messageId());
        assertEquals(200, traffic.get(GenieTraffic.messagePath(completed.conversationId(), completed.messageId()), demo).statusCode());
        HttpResponse<String> result = traffic.queryResult(demo, completed);
        assertEquals(200, result.statusCode());
        resultRows = GenieTraffic.read(result.body()).path("statement_response").path("result").path("data_array").size();
        assertEquals(200, traffic.queryResult(demo, completed).statusCode());
        GenieTraffic.Answered failed = traffic.ask(demo, "this one should fail");
        assertEquals("FAILED", failed.status());
        remember(failed.conversationId(), failed.messageId());

        // the analyst's per-user budget is 3: the fourth question is refused with 429
        List<String[]> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> started = traffic.startConversation(analyst, ProxyHarness.SPACE, "orders by month number " + i);
            assertEquals(200, started.statusCode(), started.body());
            var body = GenieTraffic.read(started.body());
            String[] pair = {body.path("conversation_id").asText(), body.path("message_id").asText()};
            remember(pair[0], pair[1]);
            inFlight.add(pair);
        }
        HttpResponse<String> limited = traffic.startConversation(analyst, ProxyHarness.SPACE, "one question too many");
        assertEquals(429, limited.statusCode(), limited.body());

        // identical polls of an in-flight message at once: the proxy may coalesce them
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            String path = GenieTraffic.messagePath(inFlight.get(0)[0], inFlight.get(0)[1]);
            List<CompletableFuture<Integer>> polls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                polls.add(CompletableFuture.supplyAsync(() -> traffic.get(path, analyst).statusCode(), pool));
            }
            for (CompletableFuture<Integer> p : polls) {
                assertEquals(200, p.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(401, traffic.get("/api/2.0/genie/spaces", null).statusCode());
        assertEquals(403, traffic.get("/api/2.0/genie/spaces", "dapi-not-a-real-token").statusCode());
        assertEquals(404, traffic.get("/not/genie", demo).statusCode());
        assertEquals(400, traffic.get("/api/2.0/genie/spaces%2F..%2Fx", demo).statusCode() / 100 * 100);
    }

    private static void remember(String conversationId, String messageId) {
        ids.add(conversationId);
        ids.add(messageId);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void prometheusExposesRequestQuestionAnswerCacheAndRedactionMetrics() {
        String text = scrape();
        assertSeries(text, "genie_proxy_requests_total", "operation=\"start_conversation\"", "outcome=\"allowed\"", "status_class=\"2xx\"");
        assertSeries(text, "genie_proxy_requests_total", "operation=\"start_conversation\"", "outcome=\"rate_limited\"", "status_class=\"4xx\"");
        assertSeries(text, "genie_proxy_requests_total", "operation=\"list_spaces\"", "outcome=\"denied\"", "status_class=\"4xx\"");
        assertSeries(text, "genie_proxy_request_duration_seconds_bucket", "operation=\"get_message\"", "le=\"+Inf\"");
        assertSeries(text, "genie_proxy_request_duration_seconds_count", "operation=\"list_spaces\"");
        assertSeries(text, "genie_proxy_upstream_duration_seconds_bucket", "operation=\"get_message\"", "status_class=\"2xx\"");
        assertSeries(text, "genie_proxy_questions_total", "operation=\"start_conversation\"", "space=\"" + ProxyHarness.SPACE + "\"");
        assertSeries(text, "genie_proxy_time_to_answer_seconds_bucket", "status=\"COMPLETED\"");
        assertSeries(text, "genie_proxy_time_to_answer_seconds_count", "status=\"FAILED\"");
        assertSeries(text, "genie_proxy_messages_terminal_total", "status=\"COMPLETED\"");
        assertSeries(text, "genie_proxy_messages_terminal_total", "status=\"FAILED\"");
        assertSeries(text, "genie_proxy_cache_results_total", "result=\"hit\"");
        assertSeries(text, "genie_proxy_cache_results_total", "result=\"miss\"");
        assertSeries(text, "genie_proxy_redactions_total", "category=\"email\"");
        assertSeries(text, "genie_proxy_redactions_total", "category=\"phone\"");
        assertSeries(text, "genie_proxy_rate_limit_decisions_total", "decision=\"rejected\"");
        assertSeries(text, "genie_proxy_active_conversations");
        assertSeries(text, "genie_proxy_audit_records_total", "kind=\"request\"");
        assertSeries(text, "genie_proxy_audit_records_total", "kind=\"message_details\"");
        assertTrue(value(text, "genie_proxy_audit_records_total", "kind=\"message_details\"") >= 1.0,
                "the terminal messages were audited in detail");
        assertTrue(resultRows > 0);
        assertEquals(2.0 * resultRows, value(text, "genie_proxy_result_rows_total", "space=\"" + ProxyHarness.SPACE + "\""), 0.0,
                "the rows of the query result, fetched once from the workspace and once from the cache, both delivered");
        assertEquals(2.0, value(text, "genie_proxy_questions_total", "operation=\"start_conversation\"") - 3.0, 0.0,
                "two questions by the demo user and three by the analyst were forwarded; the refused one is not counted");
    }

    @Test
    void noMetricLabelCarriesAUserIdTokenOrPiiValue() {
        String text = scrape();
        List<String> forbidden = new ArrayList<>(ids);
        forbidden.addAll(List.of("demo@example.com", "analyst@example.com", "4816235087712345", "5927346198823456",
                ProxyHarness.DEMO_TOKEN, ProxyHarness.DEMO_TOKEN_2, "dapi-not-a-real-token", "Demo User", "Ana Analyst"));
        Set<String> problems = new TreeSet<>();
        Matcher m = LABEL.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            String value = m.group(2);
            for (String f : forbidden) {
                if (value.contains(f)) {
                    problems.add(name + "=\"" + value + "\" holds " + f);
                }
            }
            for (String secret : SampleSecrets.foundIn(value)) {
                problems.add(name + " holds " + secret);
            }
        }
        assertTrue(problems.isEmpty(), "metric labels carry identifying values: " + problems);
        for (String id : ids) {
            assertTrue(!text.contains(id), "an id appears in the exposition");
        }
    }

    @Test
    void everyDashboardPanelReturnsDataFromARealPrometheusScrapingTheProxy() {
        URI target = harness.proxyUri().resolve("/prometheus");
        // Passthrough mode exchanges no token, and genie_proxy_token_exchanges_total is not pre-registered
        // (server/IdentityFactory, reported), so that one panel may be empty here; every other must have data.
        Dashboards.assertEveryPanelReturnsData(target, query -> query.contains("genie_proxy_token_exchanges_total"));
    }

    private static String scrape() {
        HttpResponse<String> r = traffic.get("/prometheus", null);
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static void assertSeries(String text, String name, String... labels) {
        assertTrue(!series(text, name, labels).isEmpty(), "no series " + name + " with " + List.of(labels) + " in:\n"
                + String.join("\n", text.lines().filter(l -> l.startsWith(name.replaceAll("_(bucket|count|sum|total)$", ""))).toList()));
    }

    private static List<String> series(String text, String name, String... labels) {
        return text.lines().filter(l -> !l.startsWith("#"))
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> List.of(labels).stream().allMatch(l::contains)).toList();
    }

    private static double value(String text, String name, String... labels) {
        return series(text, name, labels).stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
