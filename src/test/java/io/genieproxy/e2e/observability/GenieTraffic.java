package io.genieproxy.e2e.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genieproxy.testing.ProxyHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Real Genie traffic through a proxy over HTTP, as an SDK would send it. */
final class GenieTraffic {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GENIE = "/api/2.0/genie/spaces/";

    private final URI proxy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GenieTraffic(URI proxy) {
        this.proxy = proxy;
    }

    /** A question that reached a terminal status, and the last poll's answer. */
    record Answered(String conversationId, String messageId, JsonNode message) {
        String status() {
            return message.path("status").asText();
        }

        /** The first query attachment's id, or null. */
        String queryAttachmentId() {
            for (JsonNode a : message.path("attachments")) {
                if (a.has("query")) {
                    return a.path("attachment_id").asText();
                }
            }
            return null;
        }

        String textAttachmentContent() {
            for (JsonNode a : message.path("attachments")) {
                if (a.has("text")) {
                    return a.path("text").path("content").asText();
                }
            }
            return null;
        }
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    /** A GET carrying {@code X-Request-Id}, so the test can find its audit record. */
    HttpResponse<String> get(String path, String token, String requestId) {
        return send(request(path, token).header("X-Request-Id", requestId).GET().build());
    }

    /** A GET carrying one more header, such as a caller's {@code traceparent}. */
    HttpResponse<String> get(String path, String token, String header, String value) {
        return send(request(path, token).header(header, value).GET().build());
    }

    HttpResponse<String> startConversationWithId(String token, String question, String requestId) {
        return send(request(GENIE + ProxyHarness.SPACE + "/start-conversation", token).header("X-Request-Id", requestId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":" + quote(question) + "}")).build());
    }

    HttpResponse<String> post(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> startConversation(String token, String space, String question) {
        return post(GENIE + space + "/start-conversation", token, "{\"content\":" + quote(question) + "}");
    }

    /** Starts a conversation and polls its message until it is terminal. */
    Answered ask(String token, String question) {
        HttpResponse<String> started = startConversation(token, ProxyHarness.SPACE, question);
        if (started.statusCode() != 200) {
            throw new AssertionError("start-conversation answered " + started.statusCode() + ": " + started.body());
        }
        JsonNode body = read(started.body());
        String conversationId = body.path("conversation_id").asText(body.path("conversation").path("id").asText());
        String messageId = body.path("message_id").asText(body.path("message").path("id").asText());
        return pollUntilTerminal(token, conversationId, messageId);
    }

    Answered pollUntilTerminal(String token, String conversationId, String messageId) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            HttpResponse<String> poll = get(messagePath(conversationId, messageId), token);
            if (poll.statusCode() != 200) {
                throw new AssertionError("poll answered " + poll.statusCode() + ": " + poll.body());
            }
            JsonNode message = read(poll.body());
            String status = message.path("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED")) {
                return new Answered(conversationId, messageId, message);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("message " + messageId + " still " + status + " after 20 s");
            }
            sleep(100);
        }
    }

    static String messagePath(String conversationId, String messageId) {
        return GENIE + ProxyHarness.SPACE + "/conversations/" + conversationId + "/messages/" + messageId;
    }

    HttpResponse<String> queryResult(String token, Answered answered) {
        return get(messagePath(answered.conversationId(), answered.messageId()) + "/attachments/"
                + answered.queryAttachmentId() + "/query-result", token);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
