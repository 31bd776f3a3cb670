package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.pipeline.AuditOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanonicalLineTest {

    @TempDir
    Path dir;

    @Test
    void writesARequestRecordWithMembersInTheDocumentedOrderAndNullsOmitted() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            log.append(SampleRecords.request("req-1")).join();
        }
        String line = SampleRecords.lines(file).get(0);
        String expectedWithoutHash = "{\"seq\":1,\"kind\":\"request\",\"time\":\"2025-03-01T12:34:56.789Z\","
                + "\"request_id\":\"req-1\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                + "\"caller\":{\"user\":\"ana@example.com\",\"id\":\"1234\",\"source_address\":\"10.0.0.7\","
                + "\"user_agent\":\"databricks-sdk-java/0.141.0\"},\"workspace\":\"adb-1234.azuredatabricks.net\","
                + "\"action\":\"genieStartConversationMessage\",\"space_id\":\"space-1\",\"conversation_id\":\"conv-1\","
                + "\"method\":\"POST\",\"path\":\"/api/2.0/genie/spaces/space-1/start-conversation\",\"status\":200,"
                + "\"outcome\":\"allowed\",\"latency_ms\":42,\"cache\":\"MISS\",\"upstream_status\":200,"
                + "\"rate_limit\":{\"allowed\":true,\"remaining\":9},"
                + "\"prev_hash\":\"" + "0".repeat(64) + "\"";
        assertEquals(expectedWithoutHash + ",\"hash\":\"" + SampleRecords.hashOf(line) + "\"}", line);
    }

    @Test
    void hashesTheLineWithItsHashMemberRemoved() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            SampleRecords.appendAll(log, 3);
        }
        for (String line : SampleRecords.lines(file)) {
            assertEquals(line, SampleRecords.resealed(line, null));
        }
    }

    @Test
    void writesMessageDetailsWithAttachmentsAndSortedRedactionCounts() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        MessageDetailsAuditRecord details = new MessageDetailsAuditRecord(SampleRecords.TIME, "req-9", null, null,
                "ws", "space-1", "conv-1", "msg-1", "How many [PHONE] calls?", null, null, "FAILED", null,
                List.of(new AuditAttachment("att-1", AuditAttachment.Type.TEXT, null, "It rained.")), "warehouse stopped",
                Map.of("phone", 1, "email", 3), null);
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            log.append(details).join();
        }
        String line = SampleRecords.lines(file).get(0);
        assertTrue(line.startsWith("{\"seq\":1,\"kind\":\"message_details\",\"time\":\"2025-03-01T12:34:56.789Z\","
                + "\"request_id\":\"req-9\",\"workspace\":\"ws\",\"space_id\":\"space-1\",\"conversation_id\":\"conv-1\","
                + "\"message_id\":\"msg-1\",\"question\":\"How many [PHONE] calls?\",\"status\":\"FAILED\","
                + "\"attachments\":[{\"attachment_id\":\"att-1\",\"type\":\"text\",\"text\":\"It rained.\"}],\"error\":\"warehouse stopped\","
                + "\"redactions\":{\"email\":3,\"phone\":1},\"prev_hash\":"), line);
        assertFalse(line.contains("null"), line);
    }

    @Test
    void cutsALongAnswerTextAndMarksTheCut() {
        String answer = "x".repeat(AuditAttachment.MAX_TEXT_CHARS - 7) + "\uD83D\uDE00" + "tail".repeat(10);
        String kept = new AuditAttachment("att-1", AuditAttachment.Type.TEXT, null, answer).text();
        assertTrue(kept.length() <= AuditAttachment.MAX_TEXT_CHARS, kept.length() + " chars");
        assertTrue(kept.endsWith("x [...]") && !kept.contains("tail"), "cut before the emoji, not inside it: " + kept.substring(kept.length() - 20));
        assertEquals("short", new AuditAttachment("att-1", AuditAttachment.Type.TEXT, null, "short").text());
    }

    @Test
    void keepsEachRecordOnOneLineWhateverTheTextHolds() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        RequestAuditRecord record = new RequestAuditRecord(SampleRecords.TIME, "req\n2", null, null, null, null,
                null, null, null, null, "GET", "/x\"y\\z\u2028", 403, AuditOutcome.DENIED, 1, null, null, null,
                "multi\nline \u00e9", null);
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            log.append(record).join();
        }
        assertEquals(1, SampleRecords.lines(file).size());
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
    }
}
