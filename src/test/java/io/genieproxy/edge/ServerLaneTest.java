package io.genieproxy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Raw-socket proof that the server's two ways in, the lane that answers requests without a body straight
 * from Netty and the framework that takes requests with one (and its own endpoints), share a connection
 * correctly: answers keep the request order, keep-alive and close are honoured, HEAD has no body.
 */
class ServerLaneTest {
    private static EdgeProxy proxy;

    @BeforeAll
    static void start() {
        proxy = EdgeProxy.start();
    }

    @AfterAll
    static void upstreamOnlyEverSawGenie() {
        proxy.assertUpstreamOnlySawGenie();
        proxy.close();
    }

    private static String get(String target, String requestId, String probe) {
        return "GET " + target + " HTTP/1.1\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + probe
                + "\r\nX-Request-Id: " + requestId + "\r\n\r\n";
    }

    private static String post(String requestId, String probe) {
        String body = "{\"content\":\"How many customers?\"}";
        return "POST /api/2.0/genie/spaces/s1/start-conversation HTTP/1.1\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL
                + "X-Probe: " + probe + "\r\nX-Request-Id: " + requestId + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void answersPipelinedLaneAndFrameworkRequestsInTheOrderTheyWereSent() throws IOException {
        String p = UUID.randomUUID().toString();
        String request = get("/api/2.0/genie/spaces", "lane-1", p)
                + post("framework-2", p)
                + get("/api/2.0/genie/spaces/s1", "lane-3", p)
                + "GET /health HTTP/1.1\r\nHost: proxy.test\r\n\r\n"
                + get("/api/2.0/genie/spaces/s2", "lane-5", p)
                + post("framework-6", p);
        RawHttp.Conversation conversation = proxy.http.exchangeFor(request, 6);
        List<RawHttp.Response> responses = conversation.responses();
        assertEquals(6, responses.size(), conversation.raw());
        assertEquals("lane-1", responses.get(0).header("X-Request-Id"), conversation.raw());
        assertEquals("framework-2", responses.get(1).header("X-Request-Id"), conversation.raw());
        assertEquals("lane-3", responses.get(2).header("X-Request-Id"), conversation.raw());
        assertTrue(responses.get(3).body().contains("UP") || responses.get(3).body().contains("up"), conversation.raw());
        assertEquals("lane-5", responses.get(4).header("X-Request-Id"), conversation.raw());
        assertEquals("framework-6", responses.get(5).header("X-Request-Id"), conversation.raw());
        for (RawHttp.Response response : responses) {
            assertEquals(200, response.status(), conversation.raw());
        }
        assertFalse(conversation.closedByServer());
        assertEquals(5, proxy.upstream.probed(p).size());
    }

    @Test
    void closesAfterTheAnswerWhenTheCallerAsksTo() throws IOException {
        String p = UUID.randomUUID().toString();
        String request = "GET /api/2.0/genie/spaces HTTP/1.1\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + p
                + "\r\nConnection: close\r\n\r\n";
        RawHttp.Conversation conversation = proxy.http.exchange(request);
        assertEquals(200, conversation.first().status(), conversation.raw());
        assertEquals("close", conversation.first().header("Connection"));
        assertTrue(conversation.closedByServer());
    }

    @Test
    void closesAfterTheAnswerToAnHttp10RequestWithoutKeepAlive() throws IOException {
        String p = UUID.randomUUID().toString();
        String request = "GET /api/2.0/genie/spaces HTTP/1.0\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + p + "\r\n\r\n";
        RawHttp.Conversation conversation = proxy.http.exchange(request);
        assertTrue(conversation.raw().startsWith("HTTP/1.0 200"), conversation.raw());
        assertEquals("{\"spaces\":[]}", conversation.first().body());
        assertTrue(conversation.closedByServer());
    }

    @Test
    void answersHeadWithTheHeadersAndNoBody() throws IOException {
        String p = UUID.randomUUID().toString();
        String request = "HEAD /api/2.0/genie/spaces HTTP/1.1\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + p + "\r\n\r\n"
                + get("/api/2.0/genie/spaces", "after-head", p);
        RawHttp.Conversation conversation = proxy.http.exchange(RawHttp.bytes(request), 1500, 0);
        assertTrue(conversation.raw().startsWith("HTTP/1.1 200"), conversation.raw());
        // the second answer follows the first head directly: the HEAD answer carried no body
        int second = conversation.raw().indexOf("HTTP/1.1 200", 1);
        assertTrue(second > 0, conversation.raw());
        assertTrue(conversation.raw().substring(0, second).endsWith("\r\n\r\n"), conversation.raw());
        assertTrue(conversation.raw().substring(second).contains("X-Request-Id: after-head"), conversation.raw());
        assertEquals("HEAD", proxy.upstream.probed(p).get(0).method());
    }

    @Test
    void datesTheRefusalsItAnswersItself() throws IOException {
        RawHttp.Conversation conversation = proxy.http.exchangeFor("GET /api/2.0/genie/spaces HTTP/1.1\r\nHost: proxy.test\r\n\r\n", 1);
        assertEquals(401, conversation.first().status(), conversation.raw());
        assertTrue(conversation.first().header("Date") != null && conversation.first().header("Date").endsWith(" GMT"), conversation.raw());
    }

    @Test
    void leavesTheProxysOwnEndpointsToTheFramework() throws IOException {
        RawHttp.Conversation conversation = proxy.http.exchangeFor("GET /prometheus HTTP/1.1\r\nHost: proxy.test\r\n\r\n", 1);
        assertEquals(200, conversation.first().status(), conversation.raw());
        assertNull(conversation.first().header("X-Request-Id"));
        assertTrue(conversation.first().body().contains("# TYPE"), conversation.raw());
    }
}
