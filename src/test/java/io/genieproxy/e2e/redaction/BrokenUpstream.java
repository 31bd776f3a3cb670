package io.genieproxy.e2e.redaction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A workspace that resolves one token through SCIM {@code Me} and then answers Genie reads with bodies the proxy
 * cannot redact, chosen by the message id in the path: {@code truncated} (JSON cut off mid-row), {@code trailing}
 * (a second JSON value after the first), {@code duplicate} (a repeated key), {@code html} (an HTML error page), all
 * carrying the personal values in {@link #SECRETS}; any other message id gets a small valid answer.
 */
final class BrokenUpstream implements AutoCloseable {
    static final String TOKEN = "dapi-broken-upstream-token";
    static final String EMAIL = "jane.roe@corp-mail.example";
    static final String CARD = "4539 1488 0343 6467";
    static final String SSN = "536-22-8741";
    static final java.util.List<String> SECRETS = java.util.List.of(EMAIL, CARD, SSN, "4539148803436467");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    final AtomicInteger genieCalls = new AtomicInteger();

    BrokenUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/2.0/preview/scim/v2/Me", this::me);
        server.createContext("/api/2.0/genie/", this::genie);
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void me(HttpExchange exchange) throws IOException {
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 403, "application/json", "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"Invalid access token.\"}");
            return;
        }
        send(exchange, 200, "application/scim+json", "{\"id\":\"7001\",\"userName\":\"broken@example.com\",\"displayName\":\"Broken Upstream\","
                + "\"active\":true,\"groups\":[{\"display\":\"users\",\"value\":\"1\"}]}");
    }

    private void genie(HttpExchange exchange) throws IOException {
        genieCalls.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        String row = "[\"100001\",\"" + EMAIL + "\",\"" + CARD + "\",\"" + SSN + "\"]";
        String head = "{\"statement_response\":{\"statement_id\":\"s1\",\"status\":{\"state\":\"SUCCEEDED\"},"
                + "\"manifest\":{\"schema\":{\"columns\":[{\"name\":\"customer_id\"},{\"name\":\"email\"},{\"name\":\"card_number\"},{\"name\":\"ssn\"}]}},"
                + "\"result\":{\"data_array\":[" + row;
        if (path.contains("/messages/truncated/")) {
            send(exchange, 200, "application/json", head + ",[\"100002\",\"" + EMAIL);
        } else if (path.contains("/messages/trailing/")) {
            send(exchange, 200, "application/json", head + "]}}}\n{\"content\":\"" + EMAIL + "\"}");
        } else if (path.contains("/messages/duplicate")) {
            send(exchange, 200, "application/json", "{\"content\":\"hello\",\"status\":\"COMPLETED\",\"content\":\"" + EMAIL + " " + SSN + "\"}");
        } else if (path.contains("/messages/html")) {
            send(exchange, 200, "text/html", "<html><body>Customer " + EMAIL + " card " + CARD + "</body></html>");
        } else {
            send(exchange, 200, "application/json", head + "]}}}");
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
