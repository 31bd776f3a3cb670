package io.genieproxy.tokenexchange;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through HTTP hop in front of the real OAuth server that counts token requests and can
 * slow them down, so single-flight is observable.
 */
final class CountingForwarder implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final String target;
    private volatile long delayMillis;

    CountingForwarder(String targetBase) throws IOException {
        this.target = targetBase.endsWith("/") ? targetBase.substring(0, targetBase.length() - 1) : targetBase;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/token")) {
                tokenRequests.incrementAndGet();
            }
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Authorization")) {
                        values.forEach(v -> out.header(name, v));
                    }
                });
                HttpResponse<byte[]> response = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
                exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(response.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
