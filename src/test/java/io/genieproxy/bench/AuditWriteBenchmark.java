package io.genieproxy.bench;

import io.genieproxy.audit.AuditCaller;
import io.genieproxy.audit.AuditCacheStatus;
import io.genieproxy.audit.AuditLog;
import io.genieproxy.audit.AuditRateLimit;
import io.genieproxy.audit.AuditSettings;
import io.genieproxy.audit.AuditVerifier;
import io.genieproxy.audit.RequestAuditRecord;
import io.genieproxy.audit.VerificationResult;
import io.genieproxy.pipeline.AuditOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Measures SYNC audit throughput: T request threads each append and wait for durability (write + fsync), as
 * the proxy does per request; prints records/s. Args: {@code [records] [threads] [directory]}.
 */
public final class AuditWriteBenchmark {

    private AuditWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        boolean temporary = args.length <= 2;
        Path directory = temporary ? Files.createTempDirectory("audit-bench") : Path.of(args[2]);
        Path file = directory.resolve("genie-audit.jsonl");
        int perThread = records / threads;

        AuditLog log = AuditLog.open(AuditSettings.of(file));
        warmUp(log, threads);
        long before = log.health().recordsWritten();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    log.append(record("b" + thread + "-" + i)).join();
                }
            });
            worker.start();
            workers.add(worker);
        }
        long began = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long written = log.health().recordsWritten() - before;
        log.close();

        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.toString().endsWith(".jsonl")).toList();
        }
        VerificationResult verified = AuditVerifier.verify(files, null);
        System.out.printf("%d records from %d threads, SYNC (fsync per batch): %.2f s, %.0f records/s, %.0f bytes/record%n",
                written, threads, seconds, written / seconds, (double) Files.size(file) / (written + before));
        System.out.println(verified.summary());
        if (temporary) {
            for (Path auditFile : files) {
                Files.delete(auditFile);
            }
            Files.delete(directory);
        }
    }

    private static void warmUp(AuditLog log, int threads) {
        List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            acks.add(log.append(record("warm-" + i)));
            if (acks.size() == threads) {
                acks.forEach(java.util.concurrent.CompletableFuture::join);
                acks.clear();
            }
        }
        acks.forEach(java.util.concurrent.CompletableFuture::join);
    }

    private static RequestAuditRecord record(String requestId) {
        return new RequestAuditRecord(Instant.now(), requestId, "4bf92f3577b34da6a3ce929d0e0e4736",
                new AuditCaller("ana@example.com", "1234", "10.0.0.7", "databricks-sdk-java/0.141.0"),
                "adb-1234.azuredatabricks.net", "genieGetConversationMessage", "01ef0123456789abcdef0123456789ab",
                "01ef00aa11bb22cc33dd44ee55ff6677", "01ef99887766554433221100ffeeddcc", null, "GET",
                "/api/2.0/genie/spaces/01ef0123456789abcdef0123456789ab/conversations/01ef00aa11bb22cc33dd44ee55ff6677/messages/01ef99887766554433221100ffeeddcc",
                200, AuditOutcome.ALLOWED, 37, AuditCacheStatus.HIT, null, AuditRateLimit.allowed(19), null, null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
