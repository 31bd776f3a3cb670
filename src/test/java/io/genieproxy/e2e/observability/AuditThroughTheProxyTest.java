package io.genieproxy.e2e.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.audit.AuditVerifier;
import io.genieproxy.audit.VerificationResult;
import io.genieproxy.testing.ProxyHarness;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log written by the real proxy for real requests: one {@code request} record per request
 * whatever its outcome, one {@code message_details} per answered message with the redaction policy
 * applied, no token or PII value anywhere, and a chain that {@code audit verify} accepts (and rejects
 * once a line is edited).
 */
@Timeout(120)
class AuditThroughTheProxyTest {
    /** PII the caller typed into the question: the audit must record the question redacted. */
    static final String QUESTION_EMAIL = "jane.doe.audit@example.org";
    static final String QUESTION_PHONE = "+1 415 555 0142";

    static ProxyHarness harness;
    static GenieTraffic traffic;
    static GenieTraffic.Answered answered;
    static String answeredTextSeenByCaller;

    @BeforeAll
    static void startAndMakeTraffic() {
        harness = ProxyHarness.start(Map.of("genie.rate-limit.user-qpm", 1));
        traffic = new GenieTraffic(harness.proxyUri());
        assertEquals(200, traffic.get("/api/2.0/genie/spaces", ProxyHarness.DEMO_TOKEN, "audit-allowed").statusCode());
        assertEquals(401, traffic.get("/api/2.0/genie/spaces", null, "audit-unauthenticated").statusCode());
        assertEquals(404, traffic.get("/not/a/genie/path", ProxyHarness.DEMO_TOKEN, "audit-not-genie").statusCode());

        HttpResponse<String> started = traffic.startConversationWithId(ProxyHarness.DEMO_TOKEN,
                "top customers by order amount, and email " + QUESTION_EMAIL + " or call " + QUESTION_PHONE, "audit-question");
        assertEquals(200, started.statusCode(), started.body());
        JsonNode body = GenieTraffic.read(started.body());
        answered = traffic.pollUntilTerminal(ProxyHarness.DEMO_TOKEN, body.path("conversation_id").asText(),
                body.path("message_id").asText());
        assertEquals("COMPLETED", answered.status());
        answeredTextSeenByCaller = answered.textAttachmentContent();
        // polled again after completion (cache) and once more by request id: still one message_details record
        assertEquals(200, traffic.get(GenieTraffic.messagePath(answered.conversationId(), answered.messageId()),
                ProxyHarness.DEMO_TOKEN, "audit-poll-again").statusCode());
        assertEquals(200, traffic.queryResult(ProxyHarness.DEMO_TOKEN, answered).statusCode());

        HttpResponse<String> limited = traffic.startConversationWithId(ProxyHarness.DEMO_TOKEN, "a second question", "audit-limited");
        assertEquals(429, limited.statusCode(), limited.body());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void everyRequestWritesARequestRecordWithItsActionOutcomeAndStatus() {
        assertRequest("audit-allowed", "genieListSpaces", "allowed", 200);
        assertRequest("audit-unauthenticated", "genieListSpaces", "denied", 401);
        JsonNode notGenie = assertRequest("audit-not-genie", "genieRequestRefused", "denied", 404);
        assertNotNull(notGenie.get("reason"), "a refusal says why: " + notGenie);
        JsonNode question = assertRequest("audit-question", "genieStartConversationMessage", "allowed", 200);
        assertEquals(answered.conversationId(), question.path("conversation_id").asText());
        assertEquals(answered.messageId(), question.path("message_id").asText());
        assertEquals("demo@example.com", question.path("caller").path("user").asText());
        assertTrue(question.path("rate_limit").path("allowed").asBoolean(), question.toString());
        JsonNode limited = assertRequest("audit-limited", "genieStartConversationMessage", "rate_limited", 429);
        assertFalse(limited.path("rate_limit").path("allowed").asBoolean(true), limited.toString());
        assertTrue(limited.path("rate_limit").path("retry_after_ms").asLong() > 0, limited.toString());
        assertFalse(limited.has("upstream_status"), "a limited question never reached the workspace: " + limited);
        assertRequest("audit-poll-again", "genieGetConversationMessage", "allowed", 200);
    }

    @Test
    void aCompletedQuestionWritesExactlyOneRedactedMessageDetailsRecord() {
        List<JsonNode> details = records().stream().filter(r -> r.path("kind").asText().equals("message_details"))
                .filter(r -> r.path("message_id").asText().equals(answered.messageId())).toList();
        assertEquals(1, details.size(), "message_details records for the message: " + details);
        JsonNode d = details.get(0);
        assertEquals("COMPLETED", d.path("status").asText());
        assertEquals(ProxyHarness.SPACE, d.path("space_id").asText());
        assertEquals(answered.conversationId(), d.path("conversation_id").asText());
        String question = d.path("question").asText();
        assertTrue(question.startsWith("top customers by order amount"), question);
        assertFalse(question.contains(QUESTION_EMAIL), "the question is recorded redacted: " + question);
        assertFalse(question.contains("415 555 0142"), "the question is recorded redacted: " + question);
        assertTrue(d.path("sql").asText().contains("FROM main.sales.customer_orders"), d.toString());
        assertFalse(d.path("statement_id").asText().isEmpty(), d.toString());
        assertTrue(d.path("row_count").asLong() >= 10, d.toString());
        List<String> types = StreamSupport.stream(d.path("attachments").spliterator(), false)
                .map(a -> a.path("type").asText()).toList();
        assertTrue(types.contains("query") && types.contains("text"), "attachments " + types);
        String answerText = StreamSupport.stream(d.path("attachments").spliterator(), false)
                .filter(a -> a.path("type").asText().equals("text")).findFirst().orElseThrow().path("text").asText();
        assertEquals(answeredTextSeenByCaller, answerText, "what came back: the answer as the caller received it, redacted");
        assertTrue(answerText.contains("[REDACTED:EMAIL]"), answerText);
        long tta = d.path("time_to_answer_ms").asLong(-1);
        assertTrue(tta > 0 && tta < 20_000, "time_to_answer_ms " + tta);
        JsonNode redactions = d.path("redactions");
        assertTrue(redactions.path("EMAIL").asInt() > 0 && redactions.path("PHONE").asInt() > 0,
                "redaction counts of the answer (its text attachment holds emails and phones): " + redactions);
    }

    @Test
    void theAuditFileHoldsNoTokenAndNoPiiValue() throws IOException {
        String file = Files.readString(harness.auditFile());
        assertNotNull(answeredTextSeenByCaller);
        assertTrue(file.contains("\"kind\":\"message_details\""));
        List<String> found = SampleSecrets.foundIn(file);
        assertTrue(found.isEmpty(), "the audit file holds " + found);
        assertFalse(file.contains(QUESTION_EMAIL), "the question's email is in the audit");
        assertFalse(file.contains("415 555 0142"), "the question's phone is in the audit");
        assertFalse(file.contains("dapi-"), "a token prefix is in the audit");
    }

    @Test
    void theChainVerifiesAndTheCommandLineSaysSoThenNamesAnEditedLine(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("genie-audit.jsonl");
        Files.copy(harness.auditFile(), copy);
        VerificationResult result = AuditVerifier.verify(List.of(copy), null);
        assertTrue(result.intact(), result.summary());

        Cli ok = cli("audit", "verify", copy.toString());
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().startsWith("OK: "), ok.output());
        assertTrue(ok.output().contains("chain intact"), ok.output());

        List<String> lines = new ArrayList<>(Files.readAllLines(copy, StandardCharsets.UTF_8));
        assertTrue(lines.size() >= 3, "lines " + lines.size());
        int edited = 2;
        String original = lines.get(edited - 1);
        String tampered = original.replace("\"status\":", "\"status\":1");
        assertFalse(tampered.equals(original), original);
        lines.set(edited - 1, tampered);
        Files.write(copy, lines, StandardCharsets.UTF_8);

        Cli broken = cli("audit", "verify", copy.toString());
        assertEquals(1, broken.exit(), broken.output());
        assertTrue(broken.output().contains("line " + edited + ":"), broken.output());
        assertTrue(broken.output().contains("hash mismatch"), broken.output());
    }

    record Cli(int exit, String output) {
    }

    /** Runs io.genieproxy.Application as its own JVM on the test classpath, as an operator would run the jar. */
    static Cli cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), "io.genieproxy.Application"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "audit verify did not finish");
        return new Cli(process.exitValue(), output.strip());
    }

    private static JsonNode assertRequest(String requestId, String action, String outcome, int status) {
        List<JsonNode> matching = records().stream().filter(r -> r.path("kind").asText().equals("request"))
                .filter(r -> r.path("request_id").asText().equals(requestId)).toList();
        assertEquals(1, matching.size(), "request records for " + requestId + ": " + matching);
        JsonNode r = matching.get(0);
        assertEquals(action, r.path("action").asText(), r.toString());
        assertEquals(outcome, r.path("outcome").asText(), r.toString());
        assertEquals(status, r.path("status").asInt(), r.toString());
        return r;
    }

    private static List<JsonNode> records() {
        return harness.auditLines().stream().map(GenieTraffic::read).toList();
    }
}
