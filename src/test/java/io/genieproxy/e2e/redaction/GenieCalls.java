package io.genieproxy.e2e.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genieproxy.simulator.Customer;
import io.genieproxy.simulator.SampleDataset;
import io.genieproxy.testing.ProxyHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A raw HTTP Genie client for the end-to-end redaction tests: asks a question through the proxy, waits for the
 * answer, reads its query result on every route, and remembers every body it received so a test can check that
 * no original value ever reached the caller.
 */
final class GenieCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SPACE = ProxyHarness.SPACE;
    static final Map<Long, Customer> CUSTOMERS = SampleDataset.standard().customers().stream()
            .collect(Collectors.toUnmodifiableMap(Customer::customerId, Function.identity()));

    /** A question that reached a terminal status: where it lives and its last message body. */
    record Asked(String conversationId, String messageId, String queryAttachmentId, JsonNode message) {
        String messagePath() {
            return "/api/2.0/genie/spaces/" + SPACE + "/conversations/" + conversationId + "/messages/" + messageId;
        }

        String attachmentResultPath() {
            return messagePath() + "/attachments/" + queryAttachmentId + "/query-result";
        }

        /** The deprecated message-level route. */
        String messageResultPath() {
            return messagePath() + "/query-result";
        }

        /** The deprecated message-level route with the attachment id. */
        String messageAttachmentResultPath() {
            return messagePath() + "/query-result/" + queryAttachmentId;
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    GenieCalls(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String token, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).GET());
    }

    HttpResponse<String> post(String token, String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            received.add(response.body());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every body this client received, in order. */
    List<String> receivedBodies() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Starts a conversation with {@code question} and polls the message until it is terminal (at most 20 s). */
    Asked ask(String token, String question) {
        HttpResponse<String> started = post(token, "/api/2.0/genie/spaces/" + SPACE + "/start-conversation",
                JSON.createObjectNode().put("content", question).toString());
        if (started.statusCode() != 200) {
            throw new AssertionError("start-conversation answered " + started.statusCode() + ": " + started.body());
        }
        JsonNode start = parse(started.body());
        String conversationId = start.path("conversation_id").asText();
        String messageId = start.path("message_id").asText();
        String path = "/api/2.0/genie/spaces/" + SPACE + "/conversations/" + conversationId + "/messages/" + messageId;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<String> polled = get(token, path);
            if (polled.statusCode() != 200) {
                throw new AssertionError("get-message answered " + polled.statusCode() + ": " + polled.body());
            }
            JsonNode message = parse(polled.body());
            String status = message.path("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED")) {
                String queryAttachment = null;
                for (JsonNode attachment : message.path("attachments")) {
                    if (attachment.has("query")) {
                        queryAttachment = attachment.path("attachment_id").asText();
                    }
                }
                return new Asked(conversationId, messageId, queryAttachment, message);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("message still " + status + " after 20 s");
            }
            sleep(25);
        }
    }

    /** The query result on the attachment route, which must answer 200. */
    JsonNode queryResult(String token, String path) {
        HttpResponse<String> response = get(token, path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + e.getMessage());
        }
    }

    /** Column name → index, from the result's manifest. */
    static Map<String, Integer> columnIndexes(JsonNode result) {
        Map<String, Integer> indexes = new java.util.LinkedHashMap<>();
        JsonNode columns = result.path("statement_response").path("manifest").path("schema").path("columns");
        for (int i = 0; i < columns.size(); i++) {
            indexes.put(columns.get(i).path("name").asText(), i);
        }
        return indexes;
    }

    static JsonNode rows(JsonNode result) {
        return result.path("statement_response").path("result").path("data_array");
    }

    /** The dataset row a returned row came from, by its (unredacted) customer id. */
    static Customer customerOf(JsonNode row) {
        Customer customer = CUSTOMERS.get(Long.parseLong(row.get(0).asText()));
        if (customer == null) {
            throw new AssertionError("no dataset row for customer_id " + row.get(0));
        }
        return customer;
    }

    /** Every personal value of a customer that must never reach a caller under the default policy. */
    static List<String> personalValues(Customer c) {
        List<String> values = new ArrayList<>(List.of(c.email(), c.phone(), c.cardNumber(), c.ssn(), c.iban(), c.ipAddress()));
        values.addAll(c.notePii());
        return values;
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
