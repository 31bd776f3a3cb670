package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.genieproxy.testing.ProxyHarness;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Answers no stage reads pass through as the workspace sent them: the same bytes and the same
 * Content-Length (not re-chunked), also when many arrive at once and part of a body is already in
 * the proxy before the response to the caller has started.
 */
@Timeout(120)
class StreamedAnswersTest {
    private static final int VISUALIZATION_BYTES = 256 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static ProxyHarness harness;

    @BeforeAll
    static void start() {
        harness = ProxyHarness.start(ProxyHarness.fastSimulator().withVisualizationBytes(VISUALIZATION_BYTES),
                Map.of("genie.cache.ttl", "0s", "genie.rate-limit.qpm", "100000"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void metadataKeepsTheWorkspaceContentLength() throws Exception {
        String path = "/api/2.0/genie/spaces/" + ProxyHarness.SPACE;
        HttpResponse<byte[]> direct = get(harness.simulator().uri().toString(), path);
        HttpResponse<byte[]> proxied = get(harness.proxyUri().toString(), path);

        assertEquals(200, proxied.statusCode());
        assertArrayEquals(direct.body(), proxied.body());
        assertEquals(String.valueOf(direct.body().length), proxied.headers().firstValue("Content-Length").orElse("none"));
        assertFalse(proxied.headers().firstValue("Transfer-Encoding").isPresent(), "re-chunked: " + proxied.headers().map());
    }

    @Test
    void aCallerAskingToCloseGetsItsAnswerAndThenTheConnectionClosed() throws Exception {
        java.net.URI origin = harness.proxyUri();
        try (java.net.Socket socket = new java.net.Socket(origin.getHost(), origin.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/2.0/genie/spaces/" + ProxyHarness.SPACE + " HTTP/1.1\r\nHost: genie\r\n"
                    + "Authorization: Bearer " + ProxyHarness.DEMO_TOKEN + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            byte[] all = socket.getInputStream().readAllBytes(); // returns only once the proxy closes
            String head = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
            assertEquals("HTTP/1.1 200 OK", head.lines().findFirst().orElse(""));
            assertEquals(true, head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
        }
    }

    @Test
    void manyConcurrentVisualizationsArriveByteExactWithTheirLength() throws Exception {
        GenieCalls.Answered answered = GenieCalls.ask(harness.proxyUri(), ProxyHarness.SPACE, ProxyHarness.DEMO_TOKEN,
                "Top customers by order amount");
        String path = answered.attachmentPath() + "/download-visualization";
        byte[] expected = get(harness.simulator().uri().toString(), path).body();
        assertEquals(VISUALIZATION_BYTES, expected.length);

        List<CompletableFuture<HttpResponse<byte[]>>> downloads = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            downloads.add(HTTP.sendAsync(GenieCalls.request(harness.proxyUri(), path, ProxyHarness.DEMO_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> download : downloads) {
            HttpResponse<byte[]> response = download.get();
            assertEquals(200, response.statusCode());
            assertEquals(String.valueOf(VISUALIZATION_BYTES), response.headers().firstValue("Content-Length").orElse("none"));
            assertArrayEquals(expected, response.body());
        }
    }

    private static HttpResponse<byte[]> get(String origin, String path) throws Exception {
        return HTTP.send(GenieCalls.request(java.net.URI.create(origin), path, ProxyHarness.DEMO_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
