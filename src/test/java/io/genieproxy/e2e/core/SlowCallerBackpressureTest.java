package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A caller that reads a large download slowly holds the workspace back: the proxy stops reading the
 * workspace while the caller's side is full, instead of buffering the answer in memory. The workspace here
 * counts what it managed to write; after the caller has read 1 MiB and paused, that must stay far below
 * the 128 MiB answer (only socket buffers in between), and the whole answer must still arrive intact.
 */
@Timeout(120)
class SlowCallerBackpressureTest {
    private static final long ANSWER_BYTES = 128L << 20;
    private static final String DOWNLOAD = "/api/2.0/genie/spaces/s1/conversations/c1/messages/m1/attachments/a1/download-visualization";

    private static HttpServer workspace;
    private static EmbeddedServer proxy;
    private static final AtomicLong written = new AtomicLong();

    @BeforeAll
    static void start() throws IOException {
        workspace = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        workspace.createContext("/api/2.0/preview/scim/v2/Me", exchange -> {
            byte[] me = "{\"id\":\"1001\",\"userName\":\"slow@example.com\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, me.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(me);
            }
        });
        workspace.createContext("/api/2.0/genie/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, ANSWER_BYTES);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < ANSWER_BYTES; sent += chunk.length) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException callerGone) {
                // the proxy closed the connection
            }
        });
        workspace.start();
        Map<String, Object> properties = new HashMap<>();
        properties.put("genie.upstream.url", "http://127.0.0.1:" + workspace.getAddress().getPort());
        properties.put("micronaut.server.port", -1);
        properties.put("otel.traces.exporter", "none");
        properties.put("genie.audit.file", Files.createTempDirectory("slow-audit").resolve("genie-audit.jsonl").toString());
        properties.put("genie.cache.ttl", "0s");
        proxy = ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        workspace.stop(0);
    }

    @Test
    void aSlowCallerHoldsTheWorkspaceBackAndStillGetsEveryByte() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.getPort()));
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + DOWNLOAD + " HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer dapi-slow-test-token\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            long received = skip(in, 1L << 20);
            Thread.sleep(1500);
            long workspaceWrote = written.get();
            assertTrue(workspaceWrote < ANSWER_BYTES / 2,
                    "the workspace wrote " + workspaceWrote + " bytes while the caller had read " + received);
            received += skip(in, Long.MAX_VALUE);
            assertEquals(ANSWER_BYTES, received);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads and drops up to {@code limit} bytes, or to the end of the stream; returns how many. */
    private static long skip(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
