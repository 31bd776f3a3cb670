package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogRotationTest {

    @TempDir
    Path dir;

    @Test
    void rotatesBySizeAndContinuesTheChainAcrossFiles() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file).withRotateBytes(4_000))) {
            SampleRecords.appendAll(log, 60);
        }
        List<Path> files = SampleRecords.jsonlFiles(dir);
        assertTrue(files.size() >= 4, files.toString());
        for (Path rotated : files) {
            if (!rotated.equals(file)) {
                assertTrue(rotated.getFileName().toString().matches("genie-audit-\\d{8}T\\d{6}Z-\\d{12}\\.jsonl"),
                        rotated.toString());
                assertTrue(Files.size(rotated) < 4_000 + 1_000, "a file exceeds the limit by at most one line");
            }
        }
        List<Path> ordered = inChainOrder(files);
        for (int i = 1; i < ordered.size(); i++) {
            List<String> previous = SampleRecords.lines(ordered.get(i - 1));
            String first = SampleRecords.lines(ordered.get(i)).get(0);
            assertTrue(first.contains("\"prev_hash\":\"" + SampleRecords.hashOf(previous.get(previous.size() - 1)) + "\""));
        }
        List<Path> shuffled = new ArrayList<>(files);
        Collections.shuffle(shuffled);
        VerificationResult result = AuditVerifier.verify(shuffled, null);
        assertTrue(result.intact(), result.summary());
        assertEquals(60, result.records());
        assertEquals(files.size(), result.files());
    }

    @Test
    void detectsAMissingMiddleFile() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file).withRotateBytes(4_000))) {
            SampleRecords.appendAll(log, 60);
        }
        List<Path> ordered = inChainOrder(SampleRecords.jsonlFiles(dir));
        Files.delete(ordered.get(1));
        List<Path> remaining = SampleRecords.jsonlFiles(dir);
        VerificationResult result = AuditVerifier.verify(remaining, null);
        assertFalse(result.intact());
        assertEquals(ordered.get(2).toString(), result.file());
        assertEquals(1, result.firstBadLine());
        assertTrue(result.problem().startsWith("seq gap"), result.problem());
    }

    @Test
    void resumesFromTheNewestRotatedFileWhenTheCurrentFileIsEmptyOrGone() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file).withRotateBytes(4_000))) {
            SampleRecords.appendAll(log, 30);
        }
        List<Path> ordered = inChainOrder(SampleRecords.jsonlFiles(dir));
        Path newest = ordered.get(ordered.size() - 1);
        Path rotatedName = dir.resolve("genie-audit-20250301T000000Z-999999999999.jsonl");
        Files.move(newest, rotatedName);
        try (AuditLog log = AuditLog.open(AuditSettings.of(file).withRotateBytes(4_000))) {
            assertEquals(30, log.health().lastSeq());
            log.append(SampleRecords.request("after")).join();
        }
        assertEquals(31, SampleRecords.seqOf(SampleRecords.lines(file).get(0)));
        assertTrue(AuditVerifier.verify(SampleRecords.jsonlFiles(dir), null).intact());
    }

    @Test
    void rotatesOnTheFirstWriteOfANewUtcDay() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T23:59:00Z"));
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file).withRotateDaily(true).withClock(clock))) {
            SampleRecords.appendAll(log, 3);
            clock.advance(Duration.ofSeconds(30));
            SampleRecords.appendAll(log, 1);
            assertEquals(1, SampleRecords.jsonlFiles(dir).size());
            clock.advance(Duration.ofMinutes(1));
            SampleRecords.appendAll(log, 2);
        }
        List<Path> files = SampleRecords.jsonlFiles(dir);
        assertEquals(2, files.size());
        Path rotated = dir.resolve("genie-audit-20250301T235900Z-000000000001.jsonl");
        assertEquals(4, SampleRecords.lines(rotated).size());
        assertEquals(2, SampleRecords.lines(file).size());
        assertTrue(AuditVerifier.verify(files, null).intact());
    }

    private static List<Path> inChainOrder(List<Path> files) throws Exception {
        List<Path> ordered = new ArrayList<>(files);
        ordered.sort((a, b) -> {
            try {
                return Long.compare(SampleRecords.seqOf(SampleRecords.lines(a).get(0)),
                        SampleRecords.seqOf(SampleRecords.lines(b).get(0)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return ordered;
    }
}
