package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditCrashTest {

    @TempDir
    Path dir;

    /** {@code write} acknowledges without an fsync: what the kernel holds outlives the killed process all the same. */
    @ParameterizedTest
    @ValueSource(strings = {"sync", "write"})
    void keepsEveryAcknowledgedRecordWhenTheWriterIsKilledMidStream(String mode) throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashingAuditWriter.class.getName(), file.toString(), "6", "200000", mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        acknowledged.add(line.substring(4));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acknowledged.size() < 3_000 && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(20);
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        reader.join(10_000);
        assertTrue(acknowledged.size() > 100, "the child acknowledged " + acknowledged.size() + " records");

        try (AuditLog reopened = AuditLog.open(AuditSettings.of(file).withRotateBytes(200_000))) {
            reopened.append(SampleRecords.request("after-restart")).join();
        }
        List<Path> files = SampleRecords.jsonlFiles(dir);
        VerificationResult result = AuditVerifier.verify(files, null);
        assertTrue(result.intact(), result.summary());
        Set<String> onDisk = new HashSet<>(SampleRecords.requestIds(files));
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(onDisk);
        assertEquals(Set.of(), missing, "acknowledged but not on disk");
        assertTrue(onDisk.contains("after-restart"));
    }
}
