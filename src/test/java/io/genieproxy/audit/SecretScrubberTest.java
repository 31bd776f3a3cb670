package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.pipeline.AuditOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScrubberTest {

    private static final String PAT = "dapi0123456789abcdef0123456789abcdef";
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2lnbmF0dXJlLWJ5dGVz";

    private final SecretScrubber scrubber = new SecretScrubber();

    @Test
    void replacesABearerHeaderValue() {
        assertEquals("curl " + SecretScrubber.MARKER, scrubber.scrub("curl Bearer " + PAT));
        assertEquals(SecretScrubber.MARKER, scrubber.scrub("bearer " + JWT));
    }

    @Test
    void replacesABareDatabricksTokenAndABareJwt() {
        assertEquals("token " + SecretScrubber.MARKER + " here", scrubber.scrub("token " + PAT + "-2 here"));
        assertEquals("jwt=" + SecretScrubber.MARKER, scrubber.scrub("jwt=" + JWT));
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String prose = "Who is the bearer of bad news? dapi is a prefix; databricks-sdk-java/0.141.0";
        assertSame(prose, scrubber.scrub(prose));
        assertFalse(scrubber.containsCredential(prose));
    }

    @Test
    void writerNeverWritesABearerCredentialAndCountsWhatItStripped() throws Exception {
        Path file = Files.createTempDirectory("audit").resolve("genie-audit.jsonl");
        RequestAuditRecord ordinary = SampleRecords.request("req-1");
        RequestAuditRecord careless = new RequestAuditRecord(SampleRecords.TIME, "req-2", null,
                new AuditCaller("ana@example.com", "1", "10.0.0.7", "my-script Bearer " + PAT), "ws",
                "genieGetConversationMessage", null, null, null, null, "GET", "/p", 401, AuditOutcome.DENIED, 3, null, null,
                null, "invalid token " + PAT, null);
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            log.append(ordinary).join();
            log.append(careless).join();
            assertEquals(2, log.health().scrubbedValues());
        }
        String content = Files.readString(file);
        assertFalse(content.contains("Bearer"), content);
        assertFalse(content.contains("dapi"), content);
        assertTrue(content.contains("my-script " + SecretScrubber.MARKER));
        assertTrue(AuditVerifier.verify(java.util.List.of(file), null).intact());
    }
}
