package io.genieproxy.e2e.identity;

import io.genieproxy.testing.ProxyHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Requests to the proxy: well-formed ones through {@link HttpClient}, hostile ones as raw bytes over a
 * socket so the exact header lines (two {@code Authorization} headers, odd spacing) reach the server.
 */
final class IdentityHttp {
    static final String SPACE_PATH = "/api/2.0/genie/spaces/" + ProxyHarness.SPACE;
    static final String LIST_SPACES = "/api/2.0/genie/spaces";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A status and body as the caller saw them, with the workspace's {@code X-Databricks-Reason-Phrase} when one came back. */
    record Answer(int status, String body, String reasonPhrase) {
        Answer(int status, String body) {
            this(status, body, null);
        }

        static Answer of(HttpResponse<String> response) {
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("X-Databricks-Reason-Phrase").orElse(null));
        }
    }

    private IdentityHttp() {
    }

    static HttpClient client() {
        return CLIENT;
    }

    /** GET with {@code Authorization: Bearer token}, or with no Authorization when token is null. */
    static Answer get(URI proxy, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy + path)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Answer.of(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code n} identical GETs sent at once (asynchronously); their answers, in order. */
    static java.util.List<Answer> concurrently(int n, URI proxy, String path, String token) {
        java.util.List<java.util.concurrent.CompletableFuture<Answer>> all = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(proxy + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).GET().build();
            all.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(Answer::of));
        }
        return all.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    }

    /**
     * Sends {@code GET target} with exactly these extra header lines (each {@code "Name: value"}), as raw
     * HTTP/1.1 bytes, and reads the answer until the server closes the connection.
     */
    static Answer raw(URI proxy, String target, String... headerLines) {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(proxy.getHost()).append(':').append(proxy.getPort()).append("\r\n")
                .append("Connection: close\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(proxy.getHost(), proxy.getPort()), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            throw new IllegalStateException("not an HTTP answer: " + text.length() + " bytes");
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String head = text.substring(0, headEnd).toLowerCase(java.util.Locale.ROOT);
        String body = text.substring(headEnd + 4);
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Answer(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
