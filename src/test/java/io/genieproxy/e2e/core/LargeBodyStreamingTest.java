package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bodies the proxy has no reason to read stream through it: a 20 MiB visualization crosses a proxy whose whole heap
 * is 96 MiB, byte for byte. Request bodies are bounded: just over 1 MiB is refused before anything is forwarded.
 */
@Timeout(120)
class LargeBodyStreamingTest {
    private static final long VISUALIZATION_BYTES = 20L << 20;
    private static final String SPACE = SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID;
    private static final String TOKEN = SimulatorSettings.DEMO_TOKEN;

    static SimulatedWorkspace workspace;
    static ChildJvm proxy;

    @BeforeAll
    static void start() throws Exception {
        workspace = SimulatedWorkspace.start(SimulatorSettings.defaults().withStepDelay(Duration.ZERO)
                .withQuestionsPerMinute(0).withVisualizationBytes(VISUALIZATION_BYTES));
        proxy = ChildJvm.start(List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError"), Map.of(
                "GENIE_UPSTREAM_URL", workspace.uri().toString(),
                "GENIE_RATE_LIMIT_QPM", "1000"));
        proxy.awaitHealthy(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (proxy != null) {
                List<String> leaked = proxy.lines().stream().filter(l -> l.contains(TOKEN)).toList();
                assertEquals(List.of(), leaked, "a bearer token was logged");
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            workspace.close();
        }
    }

    @BeforeEach
    void forget() {
        workspace.clearRecordedRequests();
    }

    @Test
    void streamsATwentyMebibyteVisualizationByteExactThroughAProxyWithANinetySixMebibyteHeap() throws Exception {
        GenieCalls.Answered answered = GenieCalls.ask(proxy.uri(), SPACE, TOKEN, "Top customers by order amount");
        String path = answered.attachmentPath() + "/download-visualization";

        Digest direct = download(workspace.uri(), path);
        assertEquals(VISUALIZATION_BYTES, direct.length());
        // Two at once: buffered, each would need 20 MiB plus its growing copy, more than the heap holds.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> download(proxy.uri(), path));
            var second = pool.submit(() -> download(proxy.uri(), path));
            assertEquals(direct, first.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(direct, second.get(60, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertTrue(proxy.isAlive(), "the proxy died:\n" + String.join("\n", proxy.lines()));
    }

    @Test
    void aCallerWhoHangsUpMidBodyReleasesTheUpstreamConnection() throws Exception {
        GenieCalls.Answered answered = GenieCalls.ask(proxy.uri(), SPACE, TOKEN, "Top customers by order amount");
        String path = answered.attachmentPath() + "/download-visualization";
        workspace.faults(io.genieproxy.simulator.FaultSettings.none().withSlowBodyBytesPerSecond(4L << 20));
        try (java.net.Socket socket = new java.net.Socket(proxy.uri().getHost(), proxy.uri().getPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: genie\r\nAuthorization: Bearer " + TOKEN
                    + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            long received = 0;
            while (received < 256 * 1024) {
                int n = in.read(buffer);
                assertTrue(n > 0, "the answer ended early");
                received += n;
            }
        } finally {
            workspace.faults(io.genieproxy.simulator.FaultSettings.none());
        }
        // At this rate the whole body takes 5 s to write. Held without a reader, the upstream connection would stall
        // until the proxy's 60 s read timeout; released, the proxy reads or cuts off the rest well before 15 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (workspace.bodiesInProgress() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, workspace.bodiesInProgress(), "the upstream body was left hanging after the caller left");
        assertEquals(200, download(proxy.uri(), path).status(), "the proxy answers the next download");
    }

    @Test
    void refusesARequestBodyJustOverOneMebibyteWithoutForwardingIt() throws Exception {
        String path = "/api/2.0/genie/spaces/" + SPACE + "/start-conversation";
        byte[] body = oversized(1_048_577);
        HttpResponse<String> declared = GenieCalls.HTTP.send(GenieCalls.request(proxy.uri(), path, TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, declared.statusCode(), declared.body());
        assertEquals("REQUEST_LIMIT_EXCEEDED", GenieCalls.json(declared.body()).path("error_code").asText());

        HttpResponse<String> chunked = GenieCalls.HTTP.send(GenieCalls.request(proxy.uri(), path, TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());

        assertEquals(List.of(), workspace.recordedRequests().stream().filter(r -> r.rawPath().startsWith("/api/2.0/genie/")).toList());

        HttpResponse<String> fits = GenieCalls.postJson(proxy.uri(), path, TOKEN, "{\"content\":\"Top customers by order amount\"}");
        assertEquals(200, fits.statusCode(), fits.body());
    }

    private static byte[] oversized(int length) {
        byte[] body = new byte[length];
        byte[] head = "{\"content\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.Arrays.fill(body, (byte) 'a');
        System.arraycopy(head, 0, body, 0, head.length);
        body[length - 2] = '"';
        body[length - 1] = '}';
        return body;
    }

    record Digest(int status, long length, String sha256) {
    }

    private static Digest download(URI origin, String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = GenieCalls.HTTP.send(GenieCalls.request(origin, path, TOKEN)
                .header("Accept", "application/octet-stream").timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long length = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
                length += n;
            }
            return new Digest(response.statusCode(), length, HexFormat.of().formatHex(sha.digest()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
