package io.genieproxy.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process for {@link AuditCrashTest}: appends records from several threads until it is killed, and
 * prints {@code ACK <request id>} for each record only after its future completed.
 */
public final class CrashingAuditWriter {

    private CrashingAuditWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        long rotateBytes = Long.parseLong(args[2]);
        AuditSettings.Mode mode = args.length > 3 ? AuditSettings.Mode.named(args[3]) : AuditSettings.Mode.SYNC;
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        AuditLog log = AuditLog.open(AuditSettings.of(file).withRotateBytes(rotateBytes).withMode(mode));
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                for (long i = 0; ; i++) {
                    String id = "t" + thread + "-" + i;
                    log.append(SampleRecords.request(id)).join();
                    synchronized (out) {
                        out.println("ACK " + id);
                        out.flush();
                    }
                }
            }).start();
        }
        synchronized (out) {
            out.println("STARTED");
            out.flush();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
