package io.genieproxy.e2e.traffic;

import io.genieproxy.genie.JsonTree;
import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.testing.ProxyHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Real HTTP against a proxy (or the simulator directly) with one caller's token, plus small JSON and metric readers. */
final class TrafficClient {
    static final String SPACE = ProxyHarness.SPACE;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI origin;
    private final String token;

    TrafficClient(URI origin, String token) {
        this.origin = origin;
        this.token = token;
    }

    TrafficClient as(String otherToken) {
        return new TrafficClient(origin, otherToken);
    }

    /** A started conversation's ids. */
    record Asked(String conversationId, String messageId) {
        String messagePath() {
            return "/api/2.0/genie/spaces/" + SPACE + "/conversations/" + conversationId + "/messages/" + messageId;
        }

        String conversationPath() {
            return "/api/2.0/genie/spaces/" + SPACE + "/conversations/" + conversationId;
        }
    }

    HttpResponse<String> startConversation(String content) {
        return post("/api/2.0/genie/spaces/" + SPACE + "/start-conversation", "{\"content\":\"" + content + "\"}");
    }

    /** Starts a conversation and fails unless the proxy answered 200. */
    Asked ask(String content) {
        HttpResponse<String> r = startConversation(content);
        if (r.statusCode() != 200) {
            throw new AssertionError("start-conversation answered " + r.statusCode() + ": " + r.body());
        }
        Map<String, Object> json = json(r.body());
        return new Asked((String) json.get("conversation_id"), (String) json.get("message_id"));
    }

    /** Polls the message until it is COMPLETED (bounded), returning the last answer. */
    HttpResponse<String> awaitCompleted(Asked asked) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<String> r = get(asked.messagePath());
            if (r.statusCode() == 200 && "COMPLETED".equals(json(r.body()).get("status"))) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("message never completed; last answer " + r.statusCode() + " " + r.body());
            }
            sleep(50);
        }
    }

    /** The first query attachment id of a completed message. */
    @SuppressWarnings("unchecked")
    static String queryAttachmentId(String messageJson) {
        List<Object> attachments = (List<Object>) json(messageJson).get("attachments");
        for (Object a : attachments) {
            Map<String, Object> attachment = (Map<String, Object>) a;
            if (attachment.containsKey("query")) {
                return (String) attachment.get("attachment_id");
            }
        }
        throw new AssertionError("no query attachment in " + messageJson);
    }

    HttpResponse<String> get(String target, String... headers) {
        HttpRequest.Builder b = builder(target).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    HttpResponse<String> post(String target, String json) {
        return send(builder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String target) {
        return send(builder(target).DELETE().build());
    }

    private HttpRequest.Builder builder(String target) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + target)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body) {
        try {
            return (Map<String, Object>) JsonTree.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The proxy's Prometheus scrape. */
    static String prometheus(URI proxy) {
        return send(HttpRequest.newBuilder(URI.create(proxy + "/prometheus")).GET().build()).body();
    }

    /** The sum of every sample of {@code metric} (all label sets) in a Prometheus scrape. */
    static double sum(String scrape, String metric) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** How many requests the simulator saw that match. */
    static long seen(SimulatedWorkspace simulator, String method, Predicate<String> path) {
        return simulator.recordedRequests().stream()
                .filter(r -> r.method().equals(method) && path.test(r.rawPath())).count();
    }

    static long seen(SimulatedWorkspace simulator, String method, String exactPath) {
        return seen(simulator, method, p -> p.equals(exactPath));
    }

    static List<RecordedRequest> recorded(SimulatedWorkspace simulator) {
        return simulator.recordedRequests();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
