package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheChainIntactWithStrictlyIncreasingSeqUnderConcurrentAppends() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        int threads = 8;
        int perThread = 400;
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    List<CompletableFuture<Void>> acks = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        acks.add(log.append(SampleRecords.request("t" + thread + "-" + i)));
                    }
                    acks.forEach(CompletableFuture::join);
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(threads * perThread, log.health().recordsWritten());
            assertEquals(threads * perThread, log.health().lastSeq());
        }
        List<String> lines = SampleRecords.lines(file);
        assertEquals(threads * perThread, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, SampleRecords.seqOf(lines.get(i)));
        }
        assertEquals(threads * perThread, new HashSet<>(SampleRecords.requestIds(List.of(file))).size());
        VerificationResult result = AuditVerifier.verify(List.of(file), null);
        assertTrue(result.intact(), result.summary());
        assertEquals(threads * perThread, result.records());
    }

    @Test
    void aWriteModeAppendCompletesOnceItsLineIsInTheFile() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file).withMode(AuditSettings.Mode.WRITE))) {
            for (int i = 0; i < 50; i++) {
                log.append(SampleRecords.request("w-" + i)).join();
                assertTrue(Files.readString(file).contains("\"w-" + i + "\""), "record " + i + " readable once acknowledged");
            }
        }
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
    }

    @Test
    void modesAreNamedInAnyCaseAndAnUnknownOneIsRefusedByName() {
        assertEquals(AuditSettings.Mode.WRITE, AuditSettings.Mode.named(" Write"));
        assertEquals(AuditSettings.Mode.ASYNC, AuditSettings.Mode.named("async"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> AuditSettings.Mode.named("fsync"));
        assertTrue(refused.getMessage().contains("GENIE_AUDIT_MODE must be sync, write or async"), refused.getMessage());
    }

    @Test
    void continuesTheChainWhenReopened() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            SampleRecords.appendAll(log, 5);
        }
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            assertEquals(5, log.health().lastSeq());
            SampleRecords.appendAll(log, 5);
        }
        List<String> lines = SampleRecords.lines(file);
        assertEquals(10, lines.size());
        assertTrue(lines.get(5).contains("\"prev_hash\":\"" + SampleRecords.hashOf(lines.get(4)) + "\""));
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
    }

    @Test
    void cutsOffATornLastLineOnReopenAndContinuesFromTheLastCompleteLine() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            SampleRecords.appendAll(log, 4);
        }
        String intact = Files.readString(file);
        Files.writeString(file, "{\"seq\":5,\"kind\":\"request\",\"time\":\"2025-03", StandardOpenOption.APPEND);
        assertFalse(AuditVerifier.verify(List.of(file), null).intact());

        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            assertEquals(intact, Files.readString(file));
            assertEquals(4, log.health().lastSeq());
            log.append(SampleRecords.request("after-crash")).join();
        }
        List<String> lines = SampleRecords.lines(file);
        assertEquals(5, lines.size());
        assertEquals(5, SampleRecords.seqOf(lines.get(4)));
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
    }

    @Test
    void startsAFreshChainFromAFileHoldingOnlyATornLine() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        Files.writeString(file, "{\"seq\":1,\"kind\":\"req");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            log.append(SampleRecords.request("first")).join();
        }
        assertEquals(1, SampleRecords.seqOf(SampleRecords.lines(file).get(0)));
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
    }

    @Test
    void refusesToOpenWhenTheLastCompleteLineIsNotARecord() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            SampleRecords.appendAll(log, 2);
        }
        Files.writeString(file, "garbage\n", StandardOpenOption.APPEND);
        java.io.IOException refused = assertThrows(java.io.IOException.class, () -> AuditLog.open(AuditSettings.of(file)));
        assertTrue(refused.getMessage().contains("cannot resume the audit chain"), refused.getMessage());
    }

    @Test
    void createsTheParentDirectoryWhenMissing() throws Exception {
        Path file = dir.resolve("var/log/genie/genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            log.append(SampleRecords.request("r")).join();
        }
        assertEquals(1, SampleRecords.lines(file).size());
    }

    @Test
    void countsWrittenRecordsByKind() throws Exception {
        try (AuditLog log = AuditLog.open(AuditSettings.of(dir.resolve("genie-audit.jsonl")))) {
            log.append(SampleRecords.request("k1")).join();
            log.append(SampleRecords.request("k2")).join();
            log.append(SampleRecords.details("k2")).join();
            assertEquals(2, log.recordsWritten(RequestAuditRecord.KIND));
            assertEquals(1, log.recordsWritten(MessageDetailsAuditRecord.KIND));
            assertEquals(3, log.health().recordsWritten());
        }
    }

    @Test
    void asyncModeAcknowledgesOnQueueingAndWritesEverythingByClose() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        AuditLog log = AuditLog.open(AuditSettings.of(file).withMode(AuditSettings.Mode.ASYNC));
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            acks.add(log.append(SampleRecords.request("a" + i)));
        }
        assertTrue(acks.stream().allMatch(CompletableFuture::isDone));
        log.close();
        assertEquals(500, SampleRecords.lines(file).size());
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
    }

    @Test
    void failsAppendsAfterClose() throws Exception {
        AuditLog log = AuditLog.open(AuditSettings.of(dir.resolve("genie-audit.jsonl")));
        log.close();
        CompletionException failed = assertThrows(CompletionException.class,
                () -> log.append(SampleRecords.request("late")).join());
        assertTrue(failed.getCause() instanceof AuditWriteException);
        assertEquals(1, log.health().writeFailures());
    }

    @Test
    void acknowledgesOnlyRecordsThatAreOnDiskWhenClosedUnderLoad() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        AuditLog log = AuditLog.open(AuditSettings.of(file));
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 2000; i++) {
                acks.add(log.append(SampleRecords.request("c" + i)));
            }
        });
        producer.start();
        Thread.sleep(5);
        log.close();
        producer.join();
        Set<String> written = new HashSet<>(SampleRecords.requestIds(List.of(file)));
        for (int i = 0; i < acks.size(); i++) {
            CompletableFuture<Void> ack = acks.get(i);
            assertTrue(ack.isDone(), "every future settles");
            if (!ack.isCompletedExceptionally()) {
                assertTrue(written.contains("c" + i), "acknowledged c" + i + " is on disk");
            }
        }
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
        assertEquals(Files.readString(file, StandardCharsets.UTF_8).lines().count(), log.health().recordsWritten());
    }
}
