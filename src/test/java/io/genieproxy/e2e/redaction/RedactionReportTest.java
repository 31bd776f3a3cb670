package io.genieproxy.e2e.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.e2e.redaction.GenieCalls.Asked;
import io.genieproxy.simulator.Customer;
import io.genieproxy.testing.ProxyHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the proxy reports about redaction: counts per category (and per column for query results) in the
 * audit records and in Prometheus, with the result's shape, never values.
 */
class RedactionReportTest {
    static ProxyHarness harness;
    static GenieCalls genie;
    static Asked asked;
    static JsonNode result;

    @BeforeAll
    static void start() {
        harness = ProxyHarness.start(DefaultPolicyRedactionTest.fastSimulator(), Map.of());
        genie = new GenieCalls(harness.proxyUri());
        asked = genie.ask(ProxyHarness.DEMO_TOKEN, "Top customers by order amount");
        result = genie.queryResult(ProxyHarness.DEMO_TOKEN, asked.attachmentResultPath());
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void recordsRedactionCountsPerCategoryAndNoValuesInTheMessageDetailsRecord() {
        List<JsonNode> details = harness.auditLines().stream().map(GenieCalls::parse)
                .filter(r -> r.toString().contains("message_details") && r.toString().contains(asked.messageId())).toList();
        assertEquals(1, details.size(), "one message_details record for the message");
        JsonNode record = details.get(0);
        JsonNode redactions = record.findValue("redactions");
        assertTrue(redactions != null && redactions.isObject(), record.toString());
        // The text attachment names two customers, each with an email and a phone number.
        assertEquals(2, redactions.path("EMAIL").asInt(), redactions.toString());
        assertEquals(2, redactions.path("PHONE").asInt(), redactions.toString());
        redactions.fields().forEachRemaining(e -> assertTrue(e.getValue().isInt() && e.getValue().asInt() > 0, e.toString()));
        String line = record.toString();
        for (JsonNode row : GenieCalls.rows(result).size() > 1 ? List.of(GenieCalls.rows(result).get(0), GenieCalls.rows(result).get(1))
                : List.<JsonNode>of()) {
            Customer c = GenieCalls.customerOf(row);
            for (String value : GenieCalls.personalValues(c)) {
                assertFalse(line.contains(value), value + " in " + line);
            }
        }
    }

    @Test
    void recordsWhatAQueryResultCarriedBackInItsRequestRecordOnAMissAndOnACacheHit() {
        JsonNode again = genie.queryResult(ProxyHarness.DEMO_TOKEN, asked.attachmentResultPath());
        assertEquals(result, again, "the second read is the cached answer");
        List<JsonNode> records = harness.auditLines().stream().map(GenieCalls::parse)
                .filter(r -> r.path("kind").asText().equals("request") && asked.queryAttachmentId().equals(r.path("attachment_id").asText()))
                .toList();
        assertEquals(List.of("MISS", "HIT"), records.stream().map(r -> r.path("cache").asText()).toList(), records.toString());
        int rows = GenieCalls.rows(result).size();
        List<String> columns = List.copyOf(GenieCalls.columnIndexes(result).keySet());
        for (JsonNode record : records) {
            assertEquals(columns, toList(record.path("result").path("columns")), record.toString());
            assertEquals(rows, record.path("result").path("rows").asInt(-1), record.toString());
            JsonNode byColumn = record.path("redacted_columns");
            Map<String, String> categoryOfColumn = Map.of("email", "EMAIL", "phone", "PHONE", "card_number", "PAYMENT_CARD",
                    "ssn", "US_SSN", "iban", "IBAN", "ip_address", "IP_ADDRESS");
            categoryOfColumn.forEach((column, category) ->
                    assertEquals(rows, byColumn.path(column).path(category).asInt(), column + " in " + byColumn));
            assertFalse(byColumn.has("customer_id") || byColumn.has("amount") || byColumn.has("created_at"), byColumn.toString());
            JsonNode redactions = record.path("redactions");
            int columnTotal = 0;
            for (JsonNode column : byColumn) {
                for (JsonNode count : column) {
                    columnTotal += count.asInt();
                }
            }
            int total = 0;
            for (JsonNode count : redactions) {
                total += count.asInt();
            }
            assertEquals(columnTotal, total, "every value replaced in a result sits in a column: " + record);
            String line = record.toString();
            for (JsonNode row : GenieCalls.rows(result)) {
                for (String value : GenieCalls.personalValues(GenieCalls.customerOf(row))) {
                    assertFalse(line.contains(value), value + " in " + line);
                }
            }
        }
    }

    @Test
    void aRouteWithoutPersonalDataCarriesNoRedactionReport() {
        genie.get(ProxyHarness.DEMO_TOKEN, "/api/2.0/genie/spaces/" + GenieCalls.SPACE);
        JsonNode record = harness.auditLines().stream().map(GenieCalls::parse)
                .filter(r -> r.path("action").asText().equals("genieGetSpace")).findFirst().orElseThrow();
        assertFalse(record.has("redactions") || record.has("result") || record.has("redacted_columns"), record.toString());
        JsonNode poll = harness.auditLines().stream().map(GenieCalls::parse)
                .filter(r -> r.path("kind").asText().equals("request") && asked.messageId().equals(r.path("message_id").asText())
                        && r.path("path").asText().endsWith(asked.messageId()))
                .reduce((first, second) -> second).orElseThrow();
        assertTrue(poll.path("redactions").isObject(), "a message answer is checked, so its record says what was replaced: " + poll);
        assertFalse(poll.has("result"), "a message holds no rows: " + poll);
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void exportsRedactionsTotalByCategory() {
        Map<String, Double> byCategory = new HashMap<>();
        String metrics = genie.get(ProxyHarness.DEMO_TOKEN, "/prometheus").body();
        metrics.lines().filter(l -> l.startsWith("genie_proxy_redactions_total{")).forEach(l -> {
            String category = l.replaceAll(".*category=\"([^\"]*)\".*", "$1");
            byCategory.merge(category, Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), Double::sum);
        });
        int rows = GenieCalls.rows(result).size();
        for (String category : List.of("email", "phone", "payment_card", "us_ssn", "iban", "ip_address")) {
            assertTrue(byCategory.getOrDefault(category, 0.0) >= rows, category + ": " + byCategory);
        }
        assertFalse(metrics.contains("@"), "no value in any label");
        assertTrue(metrics.lines().filter(l -> l.startsWith("genie_proxy_redactions_total{"))
                .allMatch(l -> l.contains("mode=\"mask\"")), "the default policy masks every value");
    }
}
