package io.genieproxy.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in workspace on 127.0.0.1 that records every request it receives and answers 200 JSON. The
 * proxy's own identity look-ups (SCIM {@code Me}, made on the caller's behalf, not forwarded traffic)
 * are answered with a user and kept apart from forwarded requests.
 */
final class RecordingUpstream implements AutoCloseable {

    /** One request as the upstream saw it; {@code bodyComplete} is false when the body was cut off. */
    record Received(String method, String rawTarget, List<Map.Entry<String, String>> headers, byte[] body, boolean bodyComplete) {

        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    values.add(h.getValue());
                }
            }
            return values;
        }

        String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static final String IDENTITY_PATH = "/api/2.0/preview/scim/v2/Me";

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Received> identityLookups = new CopyOnWriteArrayList<>();

    RecordingUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::record);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String authority() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The proxy's own SCIM {@code Me} calls. */
    List<Received> identityLookups() {
        return List.copyOf(identityLookups);
    }

    /** Everything received that carried {@code X-Probe: probe}. */
    List<Received> probed(String probe) {
        return received.stream().filter(r -> probe.equals(r.header("X-Probe"))).toList();
    }

    private void record(HttpExchange exchange) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name.toLowerCase(Locale.ROOT), v))));
        byte[] body;
        boolean complete = true;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        } catch (IOException cutOff) {
            body = new byte[0];
            complete = false;
        }
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body, complete);
        boolean identityLookup = request.method().equals("GET") && request.rawTarget().equals(IDENTITY_PATH) && request.header("x-probe") == null;
        (identityLookup ? identityLookups : received).add(request);
        if (!complete) {
            exchange.close();
            return;
        }
        byte[] answer = (identityLookup ? "{\"id\":\"1001\",\"userName\":\"edge@example.com\"}" : "{\"spaces\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
