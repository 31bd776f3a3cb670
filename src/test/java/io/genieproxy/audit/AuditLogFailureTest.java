package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogFailureTest {

    @TempDir
    Path dir;

    @Test
    void failsEveryAppendAndCountsItWhenThePathIsADirectory() throws Exception {
        Path file = Files.createDirectory(dir.resolve("genie-audit.jsonl"));
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            assertFalse(log.health().writable());
            for (int i = 0; i < 3; i++) {
                CompletionException failed = assertThrows(CompletionException.class,
                        () -> log.append(SampleRecords.request("r")).join());
                assertTrue(failed.getCause() instanceof AuditWriteException, failed.getCause().toString());
            }
            AuditHealth health = log.health();
            assertEquals(3, health.writeFailures());
            assertEquals(0, health.recordsWritten());
            assertFalse(health.writable());
            assertNotNull(health.lastError());
        }
    }

    @Test
    void failsAppendsWhenTheParentDirectoryCannotBeCreated() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        try (AuditLog log = AuditLog.open(AuditSettings.of(blocker.resolve("genie-audit.jsonl")))) {
            assertThrows(CompletionException.class, () -> log.append(SampleRecords.request("r")).join());
            assertEquals(1, log.health().writeFailures());
        }
    }

    @Test
    void failsAppendsInAReadOnlyDirectory() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root ignores directory permissions");
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try (AuditLog log = AuditLog.open(AuditSettings.of(readOnly.resolve("genie-audit.jsonl")))) {
            assertThrows(CompletionException.class, () -> log.append(SampleRecords.request("r")).join());
            assertEquals(1, log.health().writeFailures());
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void recoversWithoutRestartOnceThePathBecomesWritable() throws Exception {
        Path file = Files.createDirectory(dir.resolve("genie-audit.jsonl"));
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            assertThrows(CompletionException.class, () -> log.append(SampleRecords.request("lost")).join());
            Files.delete(file);
            log.append(SampleRecords.request("kept")).join();
            assertTrue(log.health().writable());
            assertEquals(1, log.health().recordsWritten());
        }
        assertEquals(List.of("kept"), SampleRecords.requestIds(List.of(file)));
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
    }

    @Test
    void aWritabilityCheckReopensTheLogWithoutAnyAppend() throws Exception {
        Path file = Files.createDirectory(dir.resolve("genie-audit.jsonl"));
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            assertFalse(log.checkWritable());
            Files.delete(file);
            long deadline = System.nanoTime() + 10_000_000_000L;
            boolean writable = false;
            while (!writable && System.nanoTime() < deadline) {
                writable = log.checkWritable();
                Thread.sleep(20);
            }
            assertTrue(writable, "the check should have reopened the log");
            assertTrue(Files.isRegularFile(file));
            assertEquals(0, log.health().writeFailures());
            log.append(SampleRecords.request("after-probe")).join();
        }
        assertEquals(List.of("after-probe"), SampleRecords.requestIds(List.of(file)));
        assertTrue(AuditVerifier.verify(List.of(file), null).intact());
    }

    @Test
    void checksWhileClosingNeverHoldUpTheClose() throws Exception {
        Path file = Files.createDirectory(dir.resolve("genie-audit.jsonl"));
        AuditLog log = AuditLog.open(AuditSettings.of(file));
        Thread checker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                log.checkWritable();
            }
        });
        checker.start();
        try {
            Thread.sleep(50);
            log.close();
        } finally {
            checker.interrupt();
            checker.join();
        }
        assertFalse(log.checkWritable());
    }

    @Test
    void failsAppendsAtOnceWhenTheQueueIsFull() throws Exception {
        Path file = Files.createDirectory(dir.resolve("genie-audit.jsonl"));
        try (AuditLog log = AuditLog.open(AuditSettings.of(file).withQueueCapacity(1).withMaxBatch(1))) {
            long failedAtOnce = 0;
            for (int i = 0; i < 200; i++) {
                var ack = log.append(SampleRecords.request("r" + i));
                Throwable error = ack.isCompletedExceptionally() ? ack.handle((v, e) -> e).join() : null;
                if (error != null && error.getMessage().contains("queue is full")) {
                    failedAtOnce++;
                }
            }
            assertTrue(failedAtOnce > 0);
        }
    }
}
