package io.genieproxy.e2e.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain-HTTP Genie calls for tests: ask a question and poll it to completion, as the SDKs do. */
final class GenieCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A completed message and its first query attachment. */
    record Answered(String space, String conversationId, String messageId, String attachmentId) {
        String messagePath() {
            return "/api/2.0/genie/spaces/" + space + "/conversations/" + conversationId + "/messages/" + messageId;
        }

        String attachmentPath() {
            return messagePath() + "/attachments/" + attachmentId;
        }
    }

    private GenieCalls() {
    }

    static HttpRequest.Builder request(URI origin, String pathAndQuery, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + pathAndQuery)).timeout(Duration.ofSeconds(20));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    static HttpResponse<String> get(URI origin, String pathAndQuery, String token) throws IOException, InterruptedException {
        return HTTP.send(request(origin, pathAndQuery, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postJson(URI origin, String path, String token, String json) throws IOException, InterruptedException {
        return HTTP.send(request(origin, path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** Starts a conversation in {@code space} and polls the message until COMPLETED (bounded). */
    static Answered ask(URI origin, String space, String token, String question) throws IOException, InterruptedException {
        HttpResponse<String> started = postJson(origin, "/api/2.0/genie/spaces/" + space + "/start-conversation", token,
                JSON.createObjectNode().put("content", question).toString());
        if (started.statusCode() != 200) {
            throw new AssertionError("start-conversation answered " + started.statusCode() + ": " + started.body());
        }
        JsonNode start = json(started.body());
        String conversation = start.get("conversation_id").asText();
        String message = start.get("message_id").asText();
        String path = "/api/2.0/genie/spaces/" + space + "/conversations/" + conversation + "/messages/" + message;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> polled = get(origin, path, token);
            JsonNode m = json(polled.body());
            String status = m.path("status").asText();
            if (status.equals("COMPLETED")) {
                for (JsonNode a : m.path("attachments")) {
                    if (a.has("query")) {
                        return new Answered(space, conversation, message, a.get("attachment_id").asText());
                    }
                }
                return new Answered(space, conversation, message, null);
            }
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new AssertionError("message ended " + status + ": " + polled.body());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("message did not complete in time");
    }
}
