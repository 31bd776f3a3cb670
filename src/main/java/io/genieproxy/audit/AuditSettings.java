package io.genieproxy.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * How the audit log writes: where, how durably, with which key, and when it rotates.
 *
 * @param file the current file (e.g. {@code /var/log/genie/genie-audit.jsonl}); its parent is created if missing,
 *     rotated files are written next to it as {@code <stem>-<yyyyMMdd'T'HHmmss'Z'>-<first seq>.jsonl}
 * @param mode {@link Mode#SYNC} (default): an append completes once the record is written and fsynced;
 *     {@link Mode#WRITE}: once the record is written to the file (in the kernel's page cache: it survives the
 *     proxy's own crash or kill, not the machine's power loss or kernel crash), without an fsync;
 *     {@link Mode#ASYNC}: it completes once queued, and records still in the queue or the page cache are lost
 *     on a crash; the writer gathers about a millisecond of records into each write
 * @param hmacKey null (default) for plain SHA-256 hashes; otherwise the HMAC-SHA256 key, so that nobody
 *     without it can forge a chain that verifies. Never printed
 * @param rotateBytes rotate once the current file has reached this size; 0 (default) never
 * @param rotateDaily rotate before the first write on a new UTC day; default false
 * @param clock the time source for rotation decisions and rotated file names; default UTC system clock
 * @param maxBatch most records written per fsync (group commit); default 1024
 * @param queueCapacity most records waiting for the writer; beyond it appends fail at once (fail closed)
 *     rather than block request threads; default 65536
 */
public record AuditSettings(
        Path file,
        Mode mode,
        byte[] hmacKey,
        long rotateBytes,
        boolean rotateDaily,
        Clock clock,
        int maxBatch,
        int queueCapacity) {

    public static final int DEFAULT_MAX_BATCH = 1024;
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;

    /** When an append's future completes. */
    public enum Mode {
        SYNC, WRITE, ASYNC;

        /** The mode named {@code name} ({@code sync}, {@code write} or {@code async}, any case). */
        public static Mode named(String name) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(name.strip())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("GENIE_AUDIT_MODE must be sync, write or async, not '" + name + "'");
        }
    }

    public AuditSettings {
        Objects.requireNonNull(file, "file");
        mode = mode == null ? Mode.SYNC : mode;
        hmacKey = hmacKey == null ? null : hmacKey.clone();
        if (hmacKey != null && hmacKey.length == 0) {
            throw new IllegalArgumentException("genie.audit.hmac-key must not be empty; leave it unset for plain SHA-256");
        }
        if (rotateBytes < 0) {
            throw new IllegalArgumentException("rotateBytes must be 0 (never) or positive");
        }
        clock = clock == null ? Clock.systemUTC() : clock;
        maxBatch = maxBatch <= 0 ? DEFAULT_MAX_BATCH : maxBatch;
        queueCapacity = queueCapacity <= 0 ? DEFAULT_QUEUE_CAPACITY : queueCapacity;
    }

    /** Defaults for everything but the file: SYNC, SHA-256, no rotation. */
    public static AuditSettings of(Path file) {
        return new AuditSettings(file, Mode.SYNC, null, 0, false, null, 0, 0);
    }

    public AuditSettings withMode(Mode newMode) {
        return new AuditSettings(file, newMode, hmacKey, rotateBytes, rotateDaily, clock, maxBatch, queueCapacity);
    }

    public AuditSettings withHmacKey(byte[] key) {
        return new AuditSettings(file, mode, key, rotateBytes, rotateDaily, clock, maxBatch, queueCapacity);
    }

    public AuditSettings withRotateBytes(long bytes) {
        return new AuditSettings(file, mode, hmacKey, bytes, rotateDaily, clock, maxBatch, queueCapacity);
    }

    public AuditSettings withRotateDaily(boolean daily) {
        return new AuditSettings(file, mode, hmacKey, rotateBytes, daily, clock, maxBatch, queueCapacity);
    }

    public AuditSettings withClock(Clock newClock) {
        return new AuditSettings(file, mode, hmacKey, rotateBytes, rotateDaily, newClock, maxBatch, queueCapacity);
    }

    public AuditSettings withMaxBatch(int records) {
        return new AuditSettings(file, mode, hmacKey, rotateBytes, rotateDaily, clock, records, queueCapacity);
    }

    public AuditSettings withQueueCapacity(int records) {
        return new AuditSettings(file, mode, hmacKey, rotateBytes, rotateDaily, clock, maxBatch, records);
    }

    /** A copy of the key, or null. */
    @Override
    public byte[] hmacKey() {
        return hmacKey == null ? null : hmacKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuditSettings that
                && file.equals(that.file) && mode == that.mode && Arrays.equals(hmacKey, that.hmacKey)
                && rotateBytes == that.rotateBytes && rotateDaily == that.rotateDaily && clock.equals(that.clock)
                && maxBatch == that.maxBatch && queueCapacity == that.queueCapacity;
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, mode, Arrays.hashCode(hmacKey), rotateBytes, rotateDaily, clock, maxBatch,
                queueCapacity);
    }

    /** Says whether a key is set, never the key. */
    @Override
    public String toString() {
        return "AuditSettings[file=" + file + ", mode=" + mode + ", hmac=" + (hmacKey != null)
                + ", rotateBytes=" + rotateBytes + ", rotateDaily=" + rotateDaily + ", clock=" + clock
                + ", maxBatch=" + maxBatch + ", queueCapacity=" + queueCapacity + "]";
    }
}
