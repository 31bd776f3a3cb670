package io.genieproxy.simulator;

import io.genieproxy.genie.JsonTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A small real-HTTP client for tests: sends requests to a simulated workspace and parses JSON answers. */
final class SimulatorHttp {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI origin;
    private final String token;

    SimulatorHttp(URI origin, String token) {
        this.origin = origin;
        this.token = token;
    }

    SimulatorHttp as(String otherToken) {
        return new SimulatorHttp(origin, otherToken);
    }

    HttpResponse<String> get(String target) {
        return send(builder(target).GET().build());
    }

    HttpResponse<String> post(String target, String json) {
        return send(builder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> postEmpty(String target) {
        return send(builder(target).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> patch(String target, String json) {
        return send(builder(target).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String target) {
        return send(builder(target).DELETE().build());
    }

    HttpResponse<String> postForm(String target, String form, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(origin.resolve(target))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    HttpResponse<byte[]> getBytes(String target) throws IOException, InterruptedException {
        return client.send(builder(target).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpRequest.Builder builder(String target) {
        HttpRequest.Builder b = HttpRequest.newBuilder(origin.resolve(target));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return (Map<String, Object>) JsonTree.parse(response.body().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
