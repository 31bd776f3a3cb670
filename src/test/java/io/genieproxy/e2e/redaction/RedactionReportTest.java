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

/** What the proxy reports about redaction: counts per category in the audit record and in Prometheus, never values. */
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
