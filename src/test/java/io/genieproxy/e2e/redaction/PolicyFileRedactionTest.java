package io.genieproxy.e2e.redaction;

import static io.genieproxy.e2e.redaction.GenieCalls.columnIndexes;
import static io.genieproxy.e2e.redaction.GenieCalls.customerOf;
import static io.genieproxy.e2e.redaction.GenieCalls.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.e2e.redaction.GenieCalls.Asked;
import io.genieproxy.simulator.Customer;
import io.genieproxy.simulator.SampleDataset;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A policy file (column modes, a keyed pseudonym, a group exemption) through the real proxy and simulator. */
class PolicyFileRedactionTest {
    /** Test-only key, handed to the proxy as the property behind the policy's {@code pseudonym-key-env}. */
    static final String KEY = "e2e-only-pseudonym-key-7f3a9c2e41b8d6051e";

    static LogCapture logs;
    static ProxyHarness harness;
    static GenieCalls genie;
    static Asked demoTop;
    static JsonNode demoResult;
    static Asked analystTop;
    static JsonNode analystResult;

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        harness = ProxyHarness.start(DefaultPolicyRedactionTest.fastSimulator(), Map.of(
                "genie.redaction.policy", resource("policy-columns.yaml").toString(),
                "genie.e2e.redaction.key", KEY));
        genie = new GenieCalls(harness.proxyUri());
        demoTop = genie.ask(ProxyHarness.DEMO_TOKEN, "Top customers by order amount");
        demoResult = genie.queryResult(ProxyHarness.DEMO_TOKEN, demoTop.attachmentResultPath());
        analystTop = genie.ask(ProxyHarness.DEMO_TOKEN_2, "Top customers by order amount");
        analystResult = genie.queryResult(ProxyHarness.DEMO_TOKEN_2, analystTop.attachmentResultPath());
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        logs.close();
    }

    static Path resource(String name) {
        try {
            return Path.of(PolicyFileRedactionTest.class.getResource("/e2e/redaction/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void appliesTheColumnModesOfThePolicyToEveryRow() {
        Map<String, Integer> columns = columnIndexes(demoResult);
        Set<String> emails = new HashSet<>();
        Set<String> pseudonyms = new HashSet<>();
        for (JsonNode row : rows(demoResult)) {
            Customer c = customerOf(row);
            String email = row.get(columns.get("email")).asText();
            assertTrue(email.matches("EMAIL_[0-9a-f]{12}"), "email pseudonym: " + email);
            emails.add(c.email());
            pseudonyms.add(email);
            assertTrue(row.get(columns.get("ssn")).isNull(), "ssn dropped: " + row.get(columns.get("ssn")));
            String card = row.get(columns.get("card_number")).asText();
            assertEquals(c.cardNumber().length(), card.length(), "partial keeps the layout: " + card);
            String digits = c.cardNumber().replaceAll("[^0-9]", "");
            assertTrue(card.endsWith(c.cardNumber().substring(c.cardNumber().length() - 4)), card + " keeps the last 4 of " + c.cardNumber());
            assertEquals(digits.length() - 4, card.chars().filter(ch -> ch == '*').count(), "all other digits hidden: " + card);
            assertEquals("[REDACTED:PHONE]", row.get(columns.get("phone")).asText(), "other columns keep the default mask");
            assertEquals("[REDACTED:IBAN]", row.get(columns.get("iban")).asText());
            assertEquals(String.valueOf(c.customerId()), row.get(columns.get("customer_id")).asText());
        }
        assertEquals(emails.size(), pseudonyms.size(), "distinct emails get distinct pseudonyms");
    }

    @Test
    void givesTheSameEmailTheSamePseudonymAcrossRequests() {
        Map<Long, String> first = pseudonymsById(demoResult);
        Asked other = genie.ask(ProxyHarness.DEMO_TOKEN, "Top customers by order amount");
        JsonNode second = genie.queryResult(ProxyHarness.DEMO_TOKEN, other.attachmentResultPath());
        assertNotEquals(demoTop.attachmentResultPath(), other.attachmentResultPath(), "a separate request, not a cache hit");
        assertEquals(first, pseudonymsById(second));
        HttpResponse<String> executed = genie.post(ProxyHarness.DEMO_TOKEN, demoTop.messagePath() + "/execute-query", "{}");
        assertEquals(first, pseudonymsById(GenieCalls.parse(executed.body())), "a fresh statement, same pseudonyms");
    }

    @Test
    void showsRawValuesToAnExemptGroupOnly() {
        Map<String, Integer> columns = columnIndexes(analystResult);
        assertEquals(rows(demoResult).size(), rows(analystResult).size());
        for (JsonNode row : rows(analystResult)) {
            Customer c = customerOf(row);
            assertEquals(c.values(), toStrings(row), "the analyst sees customer " + c.customerId() + " raw");
        }
        for (JsonNode row : rows(demoResult)) {
            Customer c = customerOf(row);
            assertNotEquals(c.email(), row.get(columns.get("email")).asText());
            for (String pii : c.notePii()) {
                assertFalse(row.get(columns.get("notes")).asText().contains(pii));
            }
        }
        String analystText = analystTop.message().toString();
        String demoText = demoTop.message().toString();
        assertTrue(analystText.contains("@") && !analystText.contains("[REDACTED:"), "the analyst's text attachment is raw");
        assertTrue(demoText.contains("[REDACTED:EMAIL]"), "demo's text attachment is masked");
    }

    @Test
    void neverServesOneCallersCachedResultToTheOther() {
        int before = upstreamCalls(analystTop.attachmentResultPath());
        assertEquals(rows(analystResult).toString(), rows(genie.queryResult(ProxyHarness.DEMO_TOKEN_2, analystTop.attachmentResultPath())).toString());
        assertEquals(before, upstreamCalls(analystTop.attachmentResultPath()), "the analyst's second read was a cache hit");

        HttpResponse<String> demoReadsAnalysts = genie.get(ProxyHarness.DEMO_TOKEN, analystTop.attachmentResultPath());
        assertNotEquals(200, demoReadsAnalysts.statusCode(), demoReadsAnalysts.body());
        assertEquals(before + 1, upstreamCalls(analystTop.attachmentResultPath()), "demo's read went upstream with demo's identity");
        for (JsonNode row : rows(analystResult)) {
            assertFalse(demoReadsAnalysts.body().contains(customerOf(row).email()));
        }

        HttpResponse<String> analystReadsDemos = genie.get(ProxyHarness.DEMO_TOKEN_2, demoTop.attachmentResultPath());
        assertNotEquals(200, analystReadsDemos.statusCode(), analystReadsDemos.body());
        assertFalse(analystReadsDemos.body().contains("EMAIL_"), "not demo's cached, pseudonymised body");
    }

    @Test
    void redactsAnExemptCallersQuestionInTheAuditLogAnyway() {
        Customer c = SampleDataset.standard().customers().get(11);
        Asked asked = genie.ask(ProxyHarness.DEMO_TOKEN_2, "Top customers by order amount near " + c.email());
        assertTrue(asked.message().path("content").asText().contains(c.email()), "the analyst sees the question raw");
        List<String> details = harness.auditLines().stream().filter(l -> l.contains(asked.messageId()) && l.contains("message_details")).toList();
        assertFalse(details.isEmpty(), "a message_details record for the analyst's message");
        for (String line : harness.auditLines()) {
            assertFalse(line.contains(c.email()), "audit line carries the raw email: " + line);
        }
        String rawAnswer = null;
        for (JsonNode attachment : asked.message().path("attachments")) {
            if (attachment.has("text")) {
                rawAnswer = attachment.path("text").path("content").asText();
            }
        }
        assertTrue(rawAnswer != null && rawAnswer.contains("@"), "the analyst sees the answer raw: " + rawAnswer);
        String answerInAudit = GenieCalls.parse(details.get(0)).findValue("text").asText();
        assertTrue(answerInAudit.contains("[REDACTED:EMAIL]") && !answerInAudit.contains("@"),
                "the audit records the answer redacted all the same: " + answerInAudit);
    }

    @Test
    void labelsTheRedactionsMetricWithHowValuesWereReplaced() {
        String metrics = genie.get(ProxyHarness.DEMO_TOKEN, "/prometheus").body();
        List<String> lines = metrics.lines().filter(l -> l.startsWith("genie_proxy_redactions_total{")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("category=\"email\"") && l.contains("mode=\"pseudonym\"")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("mode=\"drop\"")), "the ssn column is dropped: " + lines);
        assertTrue(lines.stream().noneMatch(l -> l.contains("mode=\"policy\"")), lines.toString());
    }

    @Test
    void neverPrintsThePseudonymKey() {
        assertEquals(List.of(), logs.linesContaining(KEY));
        assertTrue(harness.auditLines().stream().noneMatch(l -> l.contains(KEY)));
        assertTrue(genie.receivedBodies().stream().noneMatch(b -> b.contains(KEY)));
        HttpResponse<String> metrics = genie.get(ProxyHarness.DEMO_TOKEN, "/prometheus");
        assertFalse(metrics.body().contains(KEY));
    }

    @Test
    void refusesToStartWithAnUnknownCategoryAndNamesTheKey() {
        String message = startupFailure("policy-unknown-category.yaml");
        assertTrue(message.contains("exempt-groups.analysts") && message.contains("PASSPORT_NUMBER"), message);
    }

    @Test
    void refusesToStartWithAnUnknownModeAndNamesTheKey() {
        String message = startupFailure("policy-unknown-mode.yaml");
        assertTrue(message.contains("defaults.columns.ssn") && message.contains("obliterate"), message);
    }

    @Test
    void refusesToStartWhenAKeyedModeHasNoKey() {
        try (SimulatedWorkspace simulator = SimulatedWorkspace.start(DefaultPolicyRedactionTest.fastSimulator())) {
            Throwable failure = assertThrows(Throwable.class, () -> ProxyHarness.startAgainst(simulator,
                    Map.of("genie.redaction.policy", resource("policy-columns.yaml").toString())).close());
            String message = messages(failure);
            assertTrue(message.contains("GENIE_E2E_REDACTION_KEY"), message);
        }
    }

    private static String startupFailure(String policy) {
        try (SimulatedWorkspace simulator = SimulatedWorkspace.start(DefaultPolicyRedactionTest.fastSimulator())) {
            Throwable failure = assertThrows(Throwable.class, () -> ProxyHarness.startAgainst(simulator,
                    Map.of("genie.redaction.policy", resource(policy).toString())).close());
            return messages(failure);
        }
    }

    /** Every message in the cause chain, so the test finds the policy's own message however deep Micronaut wraps it. */
    private static String messages(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return out.toString();
    }

    private int upstreamCalls(String path) {
        return (int) harness.simulator().recordedRequests().stream().filter(r -> r.rawPath().equals(path)).count();
    }

    private static Map<Long, String> pseudonymsById(JsonNode result) {
        int email = columnIndexes(result).get("email");
        Map<Long, String> byId = new HashMap<>();
        for (JsonNode row : rows(result)) {
            byId.put(customerOf(row).customerId(), row.get(email).asText());
        }
        return byId;
    }

    private static List<String> toStrings(JsonNode row) {
        List<String> values = new java.util.ArrayList<>();
        row.forEach(v -> values.add(v.asText()));
        return values;
    }
}
