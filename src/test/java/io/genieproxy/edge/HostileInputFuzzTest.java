package io.genieproxy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Throws random and mutated requests at the proxy and checks that it stays up and forwards only Genie paths. */
class HostileInputFuzzTest {
    private static final int CASES = 500;
    private static final List<String> VALID = List.of(
            "GET /api/2.0/genie/spaces HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer dapi-edge-test-token\r\n\r\n",
            "POST /api/2.0/genie/spaces/s1/start-conversation HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer dapi-edge-test-token\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 17\r\n\r\n{\"content\":\"hi\"}\n",
            "POST /api/2.0/genie/spaces/s1/conversations/c1/messages HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer dapi-edge-test-token\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\n",
            "GET /api/2.0/genie/spaces/s1/conversations/c1/messages/m1 HTTP/1.1\r\nHost: proxy.test\r\nAuthorization: Bearer dapi-edge-test-token\r\nAccept: */*\r\n\r\n");
    private static final List<String> INJECTIONS = List.of("/../", "%2e%2e/", "%2f", "%5c", "%00", "\\", "//", ";", "%252e",
            "\r\nTransfer-Encoding: chunked", "\r\nContent-Length: 0", "\r\n ", "\n", "\r", "\0", " ", "\t", ":", "%c0%ae",
            "/api/2.0/clusters/list", "HTTP/1.1\r\n", "\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n", "http://evil.example");

    private final EdgeProxy proxy = EdgeProxy.shared();

    @Test
    void survivesFiveHundredHostileInputsAndNeverForwardsOutsideThePrefix() throws Exception {
        long seed = Long.getLong("edge.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        List<byte[]> inputs = new ArrayList<>(CASES);
        for (int i = 0; i < CASES; i++) {
            inputs.add(i % 5 == 0 ? randomBytes(random) : mutate(random, VALID.get(random.nextInt(VALID.size()))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long started = System.nanoTime();
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (byte[] input : inputs) {
                sent.add(pool.submit(() -> throwAt(input)));
            }
            for (Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120), "fuzzing took too long; seed " + seed);
        RawHttp.Response health = proxy.http.exchangeFor("GET /health HTTP/1.1\r\nHost: proxy.test\r\n\r\n", 1).first();
        assertEquals(200, health.status(), "seed " + seed);
        assertEquals("{\"status\":\"UP\"}", health.body());
        proxy.assertUpstreamOnlySawGenie();
    }

    private Void throwAt(byte[] input) {
        try (Socket socket = new Socket("127.0.0.1", proxy.server.getPort())) {
            socket.setSoTimeout(2000);
            try {
                socket.getOutputStream().write(input);
                socket.shutdownOutput();
            } catch (IOException refused) {
                return null;
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            long deadline = System.currentTimeMillis() + 4000;
            while (System.currentTimeMillis() < deadline && in.read(buffer) >= 0) {
                // drain until the proxy closes or goes quiet
            }
        } catch (IOException closed) {
            // resets and timeouts are acceptable answers to garbage
        }
        return null;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] mutate(Random random, String valid) {
        StringBuilder text = new StringBuilder(valid);
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.setCharAt(at, (char) random.nextInt(256));
                case 1 -> text.insert(at, INJECTIONS.get(random.nextInt(INJECTIONS.size())));
                case 2 -> text.deleteCharAt(at);
                case 3 -> {
                    int lineStart = text.lastIndexOf("\n", at) + 1;
                    int lineEnd = text.indexOf("\n", at);
                    if (lineEnd > lineStart) {
                        text.insert(lineStart, text.substring(lineStart, lineEnd + 1));
                    }
                }
                default -> text.replace(at, Math.min(text.length(), at + 1),
                        String.valueOf(Character.toUpperCase(text.charAt(at))));
            }
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
