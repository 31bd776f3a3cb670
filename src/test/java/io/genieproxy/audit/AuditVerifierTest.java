package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {

    private static final byte[] KEY = "a-key-only-the-proxy-and-auditors-hold".getBytes(StandardCharsets.UTF_8);

    /** Bytes that keep a changed line looking like JSON more often than random ones do. */
    private static final String JSON_BYTES = "{}\":,0123456789abcdef\n ";

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeTenRecords() throws Exception {
        file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            SampleRecords.appendAll(log, 10);
        }
    }

    @Test
    void acceptsAnUntouchedChainAndSummarisesIt() {
        VerificationResult result = AuditVerifier.verify(List.of(file), null);
        assertTrue(result.intact());
        assertEquals(10, result.records());
        assertTrue(result.summary().matches("OK: 10 records, chain intact across 1 file, last hash [0-9a-f]{16}…"),
                result.summary());
    }

    @Test
    void detectsAnEditedRecordAndNamesItsLine() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        lines.set(3, lines.get(3).replace("\"status\":200", "\"status\":403"));
        SampleRecords.writeLines(file, lines);
        assertBroken(file, 4, "hash mismatch", 3);
    }

    @Test
    void detectsADeletedLine() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        lines.remove(6);
        SampleRecords.writeLines(file, lines);
        assertBroken(file, 7, "seq gap: expected seq 7, found 8", 6);
    }

    @Test
    void detectsTwoSwappedLines() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        String fifth = lines.get(4);
        lines.set(4, lines.get(5));
        lines.set(5, fifth);
        SampleRecords.writeLines(file, lines);
        assertBroken(file, 5, "seq gap: expected seq 5, found 6", 4);
    }

    @Test
    void detectsAnInsertedLineCopiedFromAnother() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        lines.add(2, lines.get(1).replace("req-2", "req-forged"));
        SampleRecords.writeLines(file, lines);
        assertBroken(file, 3, "hash mismatch", 2);
    }

    @Test
    void detectsAnInsertedLineWithAValidHashAtTheLineAfterIt() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        String forged = lines.get(2).replace("req-3", "req-forged");
        lines.add(3, SampleRecords.resealed(forged.replaceFirst("\"seq\":3", "\"seq\":4")
                .replaceFirst("\"prev_hash\":\"[0-9a-f]{64}\"", "\"prev_hash\":\"" + SampleRecords.hashOf(lines.get(2)) + "\""), null));
        SampleRecords.writeLines(file, lines);
        assertBroken(file, 5, "seq gap: expected seq 5, found 4", 4);
    }

    @Test
    void detectsACutOffHead() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        SampleRecords.writeLines(file, new ArrayList<>(lines.subList(3, lines.size())));
        assertBroken(file, 1, "seq gap: expected seq 1, found 4", 0);
    }

    @Test
    void detectsAHeadReplacedByAGenesisWithTheWrongLink() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        List<String> tail = new ArrayList<>(lines.subList(3, lines.size()));
        tail.set(0, SampleRecords.resealed(tail.get(0).replaceFirst("\"seq\":4", "\"seq\":1"), null));
        SampleRecords.writeLines(file, tail);
        assertBroken(file, 1, "broken link", 0);
    }

    @Test
    void namesAnUnparseableLine() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        lines.set(8, "{\"seq\":9, oops");
        SampleRecords.writeLines(file, lines);
        assertBroken(file, 9, "unparseable", 8);
    }

    @Test
    void rejectsALineWithADuplicatedMember() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        lines.set(1, SampleRecords.resealed(lines.get(1).replace("\"kind\":\"request\"", "\"kind\":\"request\",\"seq\":7"), null));
        SampleRecords.writeLines(file, lines);
        assertBroken(file, 2, "unparseable", 1);
    }

    @Test
    void reportsATornLastLine() throws Exception {
        java.nio.file.Files.writeString(file, "{\"seq\":11,", java.nio.file.StandardOpenOption.APPEND);
        assertBroken(file, 11, "torn", 10);
    }

    @Test
    void aPlainSha256ChainRehashedByAForgerStillVerifies() throws Exception {
        List<String> lines = SampleRecords.lines(file);
        lines.set(5, lines.get(5).replace("ana@example.com", "someone-else@example.com"));
        SampleRecords.writeLines(file, SampleRecords.forgedChainFrom(lines, 5, null));
        assertTrue(AuditVerifier.verify(List.of(file), null).intact(),
                "without a key or an external anchor a full re-hash is undetectable; that is what HMAC mode is for");
    }

    @Test
    void rejectsAnHmacChainRehashedWithoutTheKey() throws Exception {
        Path keyed = dir.resolve("keyed/genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(keyed).withHmacKey(KEY))) {
            SampleRecords.appendAll(log, 10);
        }
        assertTrue(AuditVerifier.verify(List.of(keyed), KEY).intact());

        List<String> lines = SampleRecords.lines(keyed);
        lines.set(5, lines.get(5).replace("ana@example.com", "someone-else@example.com"));
        SampleRecords.writeLines(keyed, SampleRecords.forgedChainFrom(lines, 5, null));
        assertBroken(keyed, 6, "hash mismatch", 5, KEY);

        byte[] guessedKey = "guess".getBytes(StandardCharsets.UTF_8);
        SampleRecords.writeLines(keyed, SampleRecords.forgedChainFrom(lines, 5, guessedKey));
        assertBroken(keyed, 6, "hash mismatch", 5, KEY);
    }

    @Test
    void failsAnHmacChainCheckedWithoutTheKeyAndSaysWhy() throws Exception {
        Path keyed = dir.resolve("keyed/genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(keyed).withHmacKey(KEY))) {
            SampleRecords.appendAll(log, 2);
        }
        VerificationResult result = AuditVerifier.verify(List.of(keyed), null);
        assertFalse(result.intact());
        assertEquals(1, result.firstBadLine());
        assertTrue(result.problem().contains("--key-env"), result.problem());
    }

    @Test
    void treatsAnEmptyFileSetAsAnIntactEmptyChain() throws Exception {
        Path empty = java.nio.file.Files.createFile(dir.resolve("empty.jsonl"));
        VerificationResult result = AuditVerifier.verify(List.of(empty), null);
        assertTrue(result.intact());
        assertEquals(0, result.records());
    }

    /**
     * Any one byte changed anywhere in the chain, to anything, is caught, at its own line at the latest: a bad last
     * line may only read as torn (no newline), which {@code audit verify} reports too. {@code -Dfuzz.seed=N
     * -Dfuzz.rounds=M} tries other changes.
     */
    @Test
    void catchesEverySingleByteChangeNoLaterThanItsLine() throws Exception {
        byte[] original = java.nio.file.Files.readAllBytes(file);
        java.util.Random random = new java.util.Random(Long.getLong("fuzz.seed", 20261123));
        for (int trial = 0; trial < Integer.getInteger("fuzz.rounds", 400); trial++) {
            byte[] changed = original.clone();
            int at = random.nextInt(changed.length);
            byte replacement;
            do {
                replacement = (byte) (random.nextBoolean() ? random.nextInt(256) : JSON_BYTES.charAt(random.nextInt(JSON_BYTES.length())));
            } while (replacement == changed[at]);
            changed[at] = replacement;
            java.nio.file.Files.write(file, changed);
            long lineOfChange = 1;
            for (int k = 0; k < at; k++) {
                lineOfChange += original[k] == '\n' ? 1 : 0;
            }
            VerificationResult result = AuditVerifier.verify(List.of(file), null);
            boolean tornTail = result.intact() && at >= original.length - 1;
            assertTrue(!result.intact() || tornTail, "byte " + at + " changed to " + replacement + " went unnoticed");
            if (!result.intact()) {
                assertTrue(result.firstBadLine() <= lineOfChange, result.summary() + " for a change on line " + lineOfChange);
            }
        }
        java.nio.file.Files.write(file, original);
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
    }

    private static void assertBroken(Path file, long line, String problemStart, long recordsBefore) {
        assertBroken(file, line, problemStart, recordsBefore, null);
    }

    private static void assertBroken(Path file, long line, String problemStart, long recordsBefore, byte[] key) {
        VerificationResult result = AuditVerifier.verify(List.of(file), key);
        assertFalse(result.intact(), result.summary());
        assertEquals(file.toString(), result.file());
        assertEquals(line, result.firstBadLine(), result.summary());
        assertTrue(result.problem().startsWith(problemStart), result.problem());
        assertEquals(recordsBefore, result.records());
        assertTrue(result.summary().startsWith("FAILED: " + file + " line " + line + ": "), result.summary());
    }
}
