package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.simulator.SimulatorSettings;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a client sends reaches the workspace unchanged, apart from hop-by-hop headers; what it answers comes back unchanged. */
@Timeout(60)
class TransparentForwardingTest {
    private static final String SPACE = ProxyHarness.SPACE;
    private static final String TOKEN = ProxyHarness.DEMO_TOKEN;
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    static LogCapture logs;
    static ProxyHarness harness;
    static URI proxy;
    static URI workspace;

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        harness = ProxyHarness.start(SimulatorSettings.defaults().withStepDelay(Duration.ofMillis(50)).withQuestionsPerMinute(0),
                Map.of("genie.cache.ttl", "0s"));
        proxy = harness.proxyUri();
        workspace = harness.simulator().uri();
    }

    @AfterAll
    static void stop() {
        try {
            assertEquals(List.of(), logs.linesContaining(ProxyHarness.DEMO_TOKEN), "a bearer token was logged");
        } finally {
            harness.close();
            logs.close();
        }
    }

    @BeforeEach
    void forget() {
        harness.simulator().clearRecordedRequests();
    }

    @Test
    void forwardsMethodPathQueryAndBodyUnchanged() throws Exception {
        String target = "/api/2.0/genie/spaces?page_size=1&page_token=&extra=a%20b%2Cc";
        HttpResponse<String> listed = GenieCalls.get(proxy, target, TOKEN);
        assertEquals(200, listed.statusCode(), listed.body());
        assertEquals("GET", upstream(r -> r.rawPath().equals("/api/2.0/genie/spaces")).method());
        assertEquals(target, upstream(r -> r.rawPath().equals("/api/2.0/genie/spaces")).rawTarget());

        String body = "{ \"content\" : \"Top customers by order amount, caf\u00e9 \u2615\",\n  \"enable_visualization\": false }";
        HttpResponse<String> started = GenieCalls.postJson(proxy, "/api/2.0/genie/spaces/" + SPACE + "/start-conversation", TOKEN, body);
        assertEquals(200, started.statusCode(), started.body());
        RecordedRequest post = upstream(r -> r.rawPath().endsWith("/start-conversation"));
        assertEquals("POST", post.method());
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), post.body());
        assertEquals("application/json", post.header("Content-Type"));

        String conversation = GenieCalls.json(started.body()).get("conversation_id").asText();
        String deletePath = "/api/2.0/genie/spaces/" + SPACE + "/conversations/" + conversation;
        HttpResponse<String> deleted = GenieCalls.HTTP.send(GenieCalls.request(proxy, deletePath, TOKEN).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, deleted.statusCode(), deleted.body());
        RecordedRequest delete = upstream(r -> r.rawPath().equals(deletePath));
        assertEquals("DELETE", delete.method());
        assertEquals(0, delete.body().length);
    }

    @Test
    void dropsHopByHopHeadersAndPassesEndToEndOnesCredentialRequestIdAndTraceContext() throws Exception {
        String path = "/api/2.0/genie/spaces/" + SPACE;
        RawHttp.Answer answer = RawHttp.exchange(proxy, String.join("\r\n",
                "GET " + path + " HTTP/1.1",
                "Host: localhost:" + proxy.getPort(),
                "Authorization: Bearer " + TOKEN,
                "Connection: keep-alive, X-Hop-Custom",
                "X-Hop-Custom: only-for-the-next-hop",
                "Keep-Alive: timeout=5",
                "TE: trailers",
                "Upgrade: example/1",
                "Proxy-Authorization: Basic dXNlcjpwYXNz",
                "X-End-To-End: kept",
                "X-Request-Id: client-req-0123",
                "traceparent: 00-" + TRACE_ID + "-00f067aa0ba902b7-01",
                "tracestate: vendor=opaque",
                "baggage: tenant=acme"), new byte[0]);
        assertEquals(200, answer.status(), answer.bodyText());
        assertEquals("client-req-0123", answer.header("X-Request-Id"));

        RecordedRequest seen = upstream(r -> r.rawPath().equals(path));
        for (String hop : List.of("X-Hop-Custom", "Keep-Alive", "TE", "Upgrade", "Proxy-Authorization")) {
            assertNull(seen.header(hop), hop + " was forwarded: " + seen.headers());
        }
        String connection = seen.header("Connection");
        assertTrue(connection == null || !connection.toLowerCase().contains("x-hop-custom"), connection);
        assertEquals("kept", seen.header("X-End-To-End"));
        assertEquals("Bearer " + TOKEN, seen.header("Authorization"));
        assertEquals(List.of("client-req-0123"), seen.headers().get("X-Request-Id"));
        assertEquals("127.0.0.1:" + workspace.getPort(), seen.header("Host"));
        List<String> traceparents = seen.headers().get("traceparent");
        assertNotNull(traceparents, "no traceparent reached the workspace: " + seen.headers());
        assertEquals(1, traceparents.size(), traceparents.toString());
        assertEquals(TRACE_ID, traceparents.get(0).split("-")[1], traceparents.get(0));
        assertEquals(List.of("vendor=opaque"), seen.headers().get("tracestate"));
        assertEquals(List.of("tenant=acme"), seen.headers().get("baggage"));
    }

    @Test
    void generatesARequestIdWhenTheClientSendsNoneOrAnInvalidOneAndReturnsIt() throws Exception {
        String path = "/api/2.0/genie/spaces/" + SPACE;
        for (String sent : new String[] {null, "x".repeat(200), "has spaces;and=odd"}) {
            harness.simulator().clearRecordedRequests();
            HttpRequest.Builder request = GenieCalls.request(proxy, path, TOKEN).GET();
            if (sent != null) {
                request.header("X-Request-Id", sent);
            }
            HttpResponse<String> response = GenieCalls.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            String returned = response.headers().firstValue("X-Request-Id").orElseThrow();
            assertNotEquals(sent, returned);
            assertTrue(returned.matches("[A-Za-z0-9._:-]{8,128}"), returned);
            assertEquals(List.of(returned), upstream(r -> r.rawPath().equals(path)).headers().get("X-Request-Id"));
        }
    }

    @Test
    void passesWorkspaceErrorsThroughUnchanged() throws Exception {
        String unknown = "/api/2.0/genie/spaces/" + SPACE + "/conversations/01f0000000000000000000000000abcd/messages/01f0000000000000000000000000abce";
        assertSameAnswer(unknown, TOKEN, 404, "RESOURCE_DOES_NOT_EXIST");

        GenieCalls.Answered mine = GenieCalls.ask(proxy, SPACE, TOKEN, "Top customers by order amount");
        HttpResponse<String> direct = GenieCalls.get(workspace, mine.messagePath(), ProxyHarness.DEMO_TOKEN_2);
        assertTrue(direct.statusCode() >= 400, "the workspace let another user read the conversation: " + direct.statusCode());
        assertSameAnswer(mine.messagePath(), ProxyHarness.DEMO_TOKEN_2, direct.statusCode(), GenieCalls.json(direct.body()).get("error_code").asText());
    }

    @Test
    void acceptsExecuteQueryWithAnEmptyBodyAndNoContentTypeAsWellAsWithAnEmptyObject() throws Exception {
        GenieCalls.Answered answered = GenieCalls.ask(proxy, SPACE, TOKEN, "Top customers by order amount");
        String path = answered.attachmentPath() + "/execute-query";

        RawHttp.Answer bare = RawHttp.exchange(proxy, String.join("\r\n",
                "POST " + path + " HTTP/1.1",
                "host: localhost:" + proxy.getPort(),
                "authorization: Bearer " + TOKEN,
                "accept: application/json",
                "content-length: 0"), new byte[0]);
        assertEquals(200, bare.status(), bare.bodyText());
        assertEquals("SUCCEEDED", GenieCalls.json(bare.bodyText()).at("/statement_response/status/state").asText());
        RecordedRequest bareSeen = upstream(r -> r.rawPath().equals(path));
        assertEquals(0, bareSeen.body().length);
        assertNull(bareSeen.header("Content-Type"));

        harness.simulator().clearRecordedRequests();
        HttpResponse<String> object = GenieCalls.postJson(proxy, path, TOKEN, "{}");
        assertEquals(200, object.statusCode(), object.body());
        assertEquals("SUCCEEDED", GenieCalls.json(object.body()).at("/statement_response/status/state").asText());
        assertEquals("{}", upstream(r -> r.rawPath().equals(path)).bodyText());
    }

    private static void assertSameAnswer(String path, String token, int status, String errorCode) throws Exception {
        HttpResponse<String> direct = GenieCalls.get(workspace, path, token);
        HttpResponse<String> proxied = GenieCalls.get(proxy, path, token);
        assertEquals(status, direct.statusCode());
        assertEquals(direct.statusCode(), proxied.statusCode());
        assertEquals(direct.body(), proxied.body());
        JsonNode envelope = GenieCalls.json(proxied.body());
        assertEquals(errorCode, envelope.get("error_code").asText());
        assertEquals(direct.headers().firstValue("Content-Type"), proxied.headers().firstValue("Content-Type"));
    }

    private static RecordedRequest upstream(Predicate<RecordedRequest> which) {
        List<RecordedRequest> matching = harness.simulator().recordedRequests().stream().filter(which).toList();
        assertFalse(matching.isEmpty(), "nothing matching reached the workspace: " + harness.simulator().recordedRequests());
        return matching.get(matching.size() - 1);
    }
}
