package io.genieproxy.e2e.redaction;

import static io.genieproxy.e2e.redaction.GenieCalls.columnIndexes;
import static io.genieproxy.e2e.redaction.GenieCalls.customerOf;
import static io.genieproxy.e2e.redaction.GenieCalls.personalValues;
import static io.genieproxy.e2e.redaction.GenieCalls.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.e2e.redaction.GenieCalls.Asked;
import io.genieproxy.simulator.Customer;
import io.genieproxy.simulator.SampleDataset;
import io.genieproxy.simulator.SimulatorSettings;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The built-in policy (no policy file) through the real proxy in front of the real simulator. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DefaultPolicyRedactionTest {
    /** Column → the mask the default policy writes for a whole-cell value of that column. */
    static final Map<String, String> MASKS = Map.of(
            "email", "[REDACTED:EMAIL]",
            "phone", "[REDACTED:PHONE]",
            "card_number", "[REDACTED:PAYMENT_CARD]",
            "ssn", "[REDACTED:US_SSN]",
            "iban", "[REDACTED:IBAN]",
            "ip_address", "[REDACTED:IP_ADDRESS]");
    /** Columns that pass untouched (no detector finds a name; ids, amounts and timestamps are not PII). */
    static final List<String> UNCHANGED = List.of("customer_id", "name", "order_id", "amount", "created_at");

    static LogCapture logs;
    static ProxyHarness harness;
    static GenieCalls genie;
    static Asked top;
    static JsonNode topResult;
    /** Every dataset row some response of this class returned: none of their personal values may leak. */
    static final Set<Customer> returned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        harness = ProxyHarness.start(fastSimulator(), Map.of());
        genie = new GenieCalls(harness.proxyUri());
        top = genie.ask(ProxyHarness.DEMO_TOKEN, "Top customers by order amount");
        topResult = genie.queryResult(ProxyHarness.DEMO_TOKEN, top.attachmentResultPath());
        rows(topResult).forEach(row -> returned.add(customerOf(row)));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        logs.close();
    }

    static SimulatorSettings fastSimulator() {
        return SimulatorSettings.defaults().withStepDelay(Duration.ofMillis(50)).withQuestionsPerMinute(0);
    }

    @Test
    void masksEveryPiiColumnInEveryRowAndLeavesTheOtherColumnsAlone() {
        Map<String, Integer> columns = columnIndexes(topResult);
        assertEquals(SampleDataset.COLUMNS, List.copyOf(columns.keySet()), "manifest columns unchanged");
        JsonNode rows = rows(topResult);
        int expectedRows = topResult.path("statement_response").path("manifest").path("total_row_count").asInt();
        assertTrue(expectedRows >= 10, "a normal answer has rows");
        assertEquals(expectedRows, rows.size(), "row count unchanged");
        for (JsonNode row : rows) {
            assertEquals(SampleDataset.COLUMNS.size(), row.size(), "column count unchanged");
            Customer c = customerOf(row);
            MASKS.forEach((column, mask) -> assertEquals(mask, row.get(columns.get(column)).asText(),
                    column + " of customer " + c.customerId()));
            List<String> raw = c.values();
            for (String column : UNCHANGED) {
                int i = columns.get(column);
                assertEquals(raw.get(i), row.get(i).asText(), column + " of customer " + c.customerId());
            }
        }
    }

    @Test
    void masksThePersonalDataHiddenInNotesAndKeepsTheLookAlikes() {
        int notes = columnIndexes(topResult).get("notes");
        int piiSeen = 0;
        int lookAlikesSeen = 0;
        for (JsonNode row : rows(topResult)) {
            Customer c = customerOf(row);
            String redacted = row.get(notes).asText();
            for (String pii : c.notePii()) {
                assertFalse(redacted.contains(pii), "note PII of customer " + c.customerId() + " left in: " + redacted);
                piiSeen++;
            }
            for (String lookAlike : c.noteLookAlikes()) {
                assertTrue(redacted.contains(lookAlike), "look-alike '" + lookAlike + "' of customer " + c.customerId()
                        + " was redacted: " + redacted);
                lookAlikesSeen++;
            }
            assertEquals(c.notePii().size(), countMasks(redacted), "one mask per hidden value in: " + redacted);
        }
        assertTrue(piiSeen > 0 && lookAlikesSeen > 0, "the sample exercises both");
    }

    @Test
    void redactsTheTextAttachmentButKeepsItsStructure() {
        JsonNode text = null;
        for (JsonNode attachment : top.message().path("attachments")) {
            if (attachment.has("text")) {
                text = attachment.path("text");
            }
        }
        assertNotNull(text, "the answer has a text attachment");
        String content = text.path("content").asText();
        assertTrue(content.contains("[REDACTED:EMAIL]") && content.contains("[REDACTED:PHONE]"), content);
        assertFalse(content.contains("@"), content);
        assertEquals("TEXT_ATTACHMENT_PURPOSE_ANSWER", text.path("purpose").asText());
        assertEquals(top.messageId(), top.message().path("message_id").asText(), "ids pass untouched");
    }

    @Test
    void redactsPersonalDataInTheQuestionWhereverTheMessageEchoesIt() {
        Customer asker = SampleDataset.standard().customers().get(7);
        returned.add(asker);
        String question = "Top customers by order amount like " + asker.email() + " or " + asker.phone();
        Asked asked = genie.ask(ProxyHarness.DEMO_TOKEN, question);
        String body = asked.message().toString();
        assertEquals("Top customers by order amount like [REDACTED:EMAIL] or [REDACTED:PHONE]",
                asked.message().path("content").asText());
        assertFalse(body.contains(asker.email()) || body.contains(asker.phone()), body);
        JsonNode result = genie.queryResult(ProxyHarness.DEMO_TOKEN, asked.attachmentResultPath());
        rows(result).forEach(row -> returned.add(customerOf(row)));
        HttpResponse<String> list = genie.get(ProxyHarness.DEMO_TOKEN, "/api/2.0/genie/spaces/" + GenieCalls.SPACE
                + "/conversations/" + asked.conversationId() + "/messages");
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains(asker.email()), "list-messages echoes the question redacted");
    }

    @Test
    void redactsTheDeprecatedMessageQueryResultRoutesTheSameWay() {
        String expected = rows(topResult).toString();
        for (String path : List.of(top.messageResultPath(), top.messageAttachmentResultPath())) {
            JsonNode result = genie.queryResult(ProxyHarness.DEMO_TOKEN, path);
            assertEquals(expected, rows(result).toString(), path);
        }
        HttpResponse<String> executed = genie.post(ProxyHarness.DEMO_TOKEN, top.messagePath() + "/execute-query", "{}");
        assertEquals(200, executed.statusCode(), executed.body());
        assertEquals(expected, rows(GenieCalls.parse(executed.body())).toString(), "execute-query");
    }

    @Test
    void redactsWhenTheCallerAsksForACompressedAnswer() throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(harness.proxyUri().resolve(top.messageResultPath()))
                .header("Authorization", "Bearer " + ProxyHarness.DEMO_TOKEN).header("Accept-Encoding", "gzip, deflate").build();
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        byte[] body = response.body();
        if (response.headers().firstValue("Content-Encoding").orElse("identity").contains("gzip")) {
            body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        }
        JsonNode result = GenieCalls.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(rows(topResult).toString(), rows(result).toString());
    }

    @Test
    void redactsTheFiveThousandRowResult() {
        Asked all = genie.ask(ProxyHarness.DEMO_TOKEN, "List all customers");
        long started = System.nanoTime();
        JsonNode result = genie.queryResult(ProxyHarness.DEMO_TOKEN, all.attachmentResultPath());
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<String, Integer> columns = columnIndexes(result);
        JsonNode rows = rows(result);
        assertEquals(SampleDataset.STANDARD_SIZE, rows.size());
        rows.forEach(row -> returned.add(customerOf(row)));
        int notes = columns.get("notes");
        for (JsonNode row : rows) {
            assertEquals(SampleDataset.COLUMNS.size(), row.size());
            Customer c = customerOf(row);
            MASKS.forEach((column, mask) -> assertEquals(mask, row.get(columns.get(column)).asText(),
                    column + " of customer " + c.customerId()));
            for (String pii : c.notePii()) {
                assertFalse(row.get(notes).asText().contains(pii), "customer " + c.customerId());
            }
            for (String lookAlike : c.noteLookAlikes()) {
                assertTrue(row.get(notes).asText().contains(lookAlike), "customer " + c.customerId() + ": " + lookAlike);
            }
        }
        assertTrue(millis < 10_000, "5000 rows redacted in " + millis + " ms");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noOriginalPersonalValueReachesTheBodyTheLogsOrTheAuditFile() {
        // Runs last, over the rows every other test received; asks once more so it also stands alone.
        Asked again = genie.ask(ProxyHarness.DEMO_TOKEN, "Top customers by order amount");
        rows(genie.queryResult(ProxyHarness.DEMO_TOKEN, again.attachmentResultPath())).forEach(row -> returned.add(customerOf(row)));
        Set<String> values = new LinkedHashSet<>();
        for (Customer c : returned) {
            values.addAll(personalValues(c));
        }
        List<String> bodies = genie.receivedBodies();
        List<String> logLines = logs.lines();
        List<String> audit = harness.auditLines();
        assertFalse(audit.isEmpty(), "requests were audited");
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"message_details\"") || l.contains("message_details")),
                "a message_details record was written");
        Leaks finder = new Leaks(values);
        String probe = values.iterator().next();
        assertEquals(Set.of(probe), finder.in("a body with " + probe + " in it"), "the leak finder finds a planted value");
        List<String> leaks = new ArrayList<>();
        bodies.forEach(b -> finder.in(b).forEach(v -> leaks.add("body: " + v)));
        logLines.forEach(l -> finder.in(l).forEach(v -> leaks.add("log: " + v + " in " + l)));
        audit.forEach(l -> finder.in(l).forEach(v -> leaks.add("audit: " + v + " in " + l)));
        assertEquals(List.of(), leaks);
        assertTrue(values.size() > 1000, "checked " + values.size() + " values");
    }

    private static int countMasks(String text) {
        int count = 0;
        for (int i = text.indexOf("[REDACTED:"); i >= 0; i = text.indexOf("[REDACTED:", i + 1)) {
            count++;
        }
        return count;
    }
}
