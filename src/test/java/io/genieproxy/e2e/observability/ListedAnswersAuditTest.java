package io.genieproxy.e2e.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.testing.ProxyHarness;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that learns of its answers from the conversation's list of messages, never polling the
 * message itself, still gets each answered message audited ({@code message_details}) and counted once,
 * with the redaction counts of that message alone.
 */
@Timeout(120)
class ListedAnswersAuditTest {
    static final String CALLER_EMAIL = "listed.asker@example.org";

    static ProxyHarness harness;
    static GenieTraffic proxy;
    static GenieTraffic workspace;
    static String conversationId;
    static String firstMessageId;
    static String secondMessageId;
    static JsonNode listedFirst;
    static JsonNode listedSecond;

    @BeforeAll
    static void askAndListOnly() {
        harness = ProxyHarness.start(ProxyHarness.fastSimulator(), Map.of());
        proxy = new GenieTraffic(harness.proxyUri());
        workspace = new GenieTraffic(harness.simulator().uri());

        HttpResponse<String> started = proxy.startConversation(ProxyHarness.DEMO_TOKEN, ProxyHarness.SPACE,
                "Top customers by order amount, reply to " + CALLER_EMAIL);
        assertEquals(200, started.statusCode(), started.body());
        JsonNode body = GenieTraffic.read(started.body());
        conversationId = body.path("conversation_id").asText();
        firstMessageId = body.path("message_id").asText();
        // The answer is awaited on the workspace itself: the proxy never sees the message polled.
        workspace.pollUntilTerminal(ProxyHarness.DEMO_TOKEN, conversationId, firstMessageId);
        listedFirst = list();

        HttpResponse<String> followUp = proxy.post(conversationPath() + "/messages", ProxyHarness.DEMO_TOKEN,
                "{\"content\":\"Which of them ordered most last month?\"}");
        assertEquals(200, followUp.statusCode(), followUp.body());
        secondMessageId = GenieTraffic.read(followUp.body()).path("message_id").asText(GenieTraffic.read(followUp.body()).path("id").asText());
        workspace.pollUntilTerminal(ProxyHarness.DEMO_TOKEN, conversationId, secondMessageId);
        listedSecond = list();
        list();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static String conversationPath() {
        return "/api/2.0/genie/spaces/" + ProxyHarness.SPACE + "/conversations/" + conversationId;
    }

    private static JsonNode list() {
        HttpResponse<String> page = proxy.get(conversationPath() + "/messages", ProxyHarness.DEMO_TOKEN, "Cache-Control", "no-cache");
        assertEquals(200, page.statusCode(), page.body());
        return GenieTraffic.read(page.body());
    }

    private static List<JsonNode> details(String messageId) {
        return harness.auditLines().stream().map(GenieTraffic::read)
                .filter(r -> r.path("kind").asText().equals("message_details") && r.path("message_id").asText().equals(messageId))
                .toList();
    }

    @Test
    void eachMessageFirstSeenAnsweredInAListIsAuditedOnceWithItsQuestionAndSql() {
        assertEquals(2, listedSecond.path("messages").size(), listedSecond.toString());
        for (String messageId : List.of(firstMessageId, secondMessageId)) {
            List<JsonNode> records = details(messageId);
            assertEquals(1, records.size(), "one message_details for " + messageId + " however often the list is read: " + records);
            JsonNode record = records.get(0);
            assertEquals("COMPLETED", record.path("status").asText(), record.toString());
            assertEquals(conversationId, record.path("conversation_id").asText());
            assertTrue(record.path("sql").asText().startsWith("SELECT"), record.toString());
            assertFalse(record.path("statement_id").asText().isEmpty(), record.toString());
            assertFalse(record.toString().contains(CALLER_EMAIL), "the question is recorded redacted: " + record);
            assertEquals("demo@example.com", record.path("caller").path("user").asText());
        }
    }

    @Test
    void eachRecordCountsWhatWasRedactedInItsOwnMessageOnly() {
        JsonNode second = listedSecond.path("messages").get(1);
        assertEquals(secondMessageId, second.path("message_id").asText(second.path("id").asText()));
        int masksInSecond = countMasks(second.toString());
        int masksInPage = countMasks(listedSecond.toString());
        assertTrue(masksInSecond > 0 && masksInPage > masksInSecond, "the page holds more masks than the second message alone");
        JsonNode redactions = details(secondMessageId).get(0).path("redactions");
        int recorded = 0;
        for (JsonNode count : redactions) {
            recorded += count.asInt();
        }
        assertEquals(masksInSecond, recorded, "the second message's record counts its own masks, not the page's: " + redactions);
        JsonNode firstRedactions = details(firstMessageId).get(0).path("redactions");
        int first = 0;
        for (JsonNode count : firstRedactions) {
            first += count.asInt();
        }
        assertEquals(countMasks(listedFirst.path("messages").get(0).toString()), first, firstRedactions.toString());
    }

    @Test
    void answeredMessagesAreCountedOnceInMetrics() {
        String metrics = proxy.get("/prometheus", null).body();
        double terminal = metrics.lines().filter(l -> l.startsWith("genie_proxy_messages_terminal_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertEquals(2.0, terminal, metrics.lines().filter(l -> l.contains("messages_terminal")).toList().toString());
    }

    private static int countMasks(String json) {
        int count = 0;
        for (int i = json.indexOf("[REDACTED:"); i >= 0; i = json.indexOf("[REDACTED:", i + 1)) {
            count++;
        }
        return count;
    }
}
