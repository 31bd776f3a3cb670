package io.genieproxy.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained audit file: request threads hand records to one writer thread, which
 * seals them into the chain, writes a batch and fsyncs it once (group commit) before acknowledging them.
 *
 * <p>Guarantees: a SYNC append completes normally only after its line is on disk, a WRITE append only after it is in
 * the file (the kernel holds it even if this process dies); the chain (seq and
 * prev_hash) only ever advances past records that reached the file; a failed append completes with
 * {@link AuditWriteException} (a record whose append failed may still be on disk, never the reverse). After a
 * failure the writer re-reads the file's tail before the next batch, so a partial write never corrupts the
 * chain. Futures complete on the writer thread: attach slow continuations with the {@code *Async} variants.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final Pending STOP = new Pending(new byte[0], "stop", null);
    private static final Pending PROBE = new Pending(new byte[0], "probe", null);
    private static final long ASYNC_GATHER_NANOS = 1_000_000;
    private static final int INITIAL_BATCH_BYTES = 64 * 1024;
    private static final int MAX_KEPT_BATCH_BYTES = 1024 * 1024;

    private final AuditSettings settings;
    private final Path file;
    private final Path directory;
    private final RotatedFiles rotatedFiles;
    private final ChainHasher hasher;
    private final AuditRecordEncoder encoder;
    private final HandOffQueue<Pending> queue;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Thread writer;
    private boolean closed;

    private final AtomicLong requestRecordsWritten = new AtomicLong();
    private final AtomicLong messageDetailsRecordsWritten = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong scrubbedValues = new AtomicLong();
    private volatile ChainPosition published = new ChainPosition(0, ChainHasher.GENESIS_HASH);
    private volatile boolean writable;
    private volatile String lastError;
    private final AtomicBoolean probeQueued = new AtomicBoolean();
    /** Writer thread only. */
    private ReusableBytes batchBytes = new ReusableBytes(INITIAL_BATCH_BYTES);

    private FileChannel channel;
    private long fileBytes;
    private long lastSeq;
    private String lastHash = ChainHasher.GENESIS_HASH;
    private long fileFirstSeq;
    private Instant fileStartedAt;

    private AuditLog(AuditSettings settings) {
        this.settings = settings;
        this.file = settings.file().toAbsolutePath();
        this.directory = file.getParent();
        this.rotatedFiles = new RotatedFiles(file);
        this.hasher = new ChainHasher(settings.hmacKey());
        this.encoder = new AuditRecordEncoder(new SecretScrubber(), scrubbedValues);
        this.queue = new HandOffQueue<>(settings.queueCapacity());
        this.writer = new Thread(this::runWriter, "genie-audit-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens the log and resumes the chain from the last complete line of the current file (or, when it is
     * empty, of the newest rotated file), cutting off a torn last line first.
     *
     * <p>When the file cannot be opened (permissions, a directory in the way) the log still opens: every
     * append fails and {@link #health()} says why, and each new batch tries again, so the proxy can serve 503
     * and recover without a restart.
     *
     * @throws IOException when the existing file ends in a line that is not an audit record, so the chain
     *     cannot be continued without a person looking at it
     */
    public static AuditLog open(AuditSettings settings) throws IOException {
        AuditLog log = new AuditLog(Objects.requireNonNull(settings, "settings"));
        try {
            log.resume();
        } catch (ChainTail.ChainResumeException e) {
            throw e;
        } catch (IOException e) {
            log.noteFailure(e);
            LOG.error("audit: cannot open {}: {}; appends fail until it can be opened", log.file, describe(e));
        }
        log.writer.start();
        return log;
    }

    /**
     * Queues a record for the chain.
     *
     * @return SYNC: completes when the record is written and fsynced, or exceptionally with
     *     {@link AuditWriteException}; WRITE: the same without the fsync; ASYNC: completes when the record is queued
     */
    public CompletableFuture<Void> append(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        byte[] members;
        try {
            members = encoder.encodeMembers(record);
        } catch (RuntimeException e) {
            return rejected(new AuditWriteException("audit record could not be serialised", e));
        }
        boolean awaited = settings.mode() != AuditSettings.Mode.ASYNC;
        CompletableFuture<Void> future = new CompletableFuture<>();
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return rejected(new AuditWriteException("audit log is closed"));
            }
            if (!queue.offer(new Pending(members, record.kind(), awaited ? future : null))) {
                return rejected(new AuditWriteException("audit queue is full (" + settings.queueCapacity() + " records waiting)"));
            }
        } finally {
            lifecycle.readLock().unlock();
        }
        if (!awaited) {
            future.complete(null);
        }
        return future;
    }

    /**
     * Writes what is queued, fsyncs and closes the file; later appends fail.
     *
     * @throws IllegalStateException when called from a future's callback on the writer thread, which would
     *     wait for itself
     */
    @Override
    public void close() {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("close the audit log from another thread than its writer");
        }
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        queue.force(STOP);
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** When an append completes: after the fsync, after the write, or once queued. */
    public AuditSettings.Mode mode() {
        return settings.mode();
    }

    /** Counts and the last error, never a record's values. */
    public AuditHealth health() {
        ChainPosition position = published;
        return new AuditHealth(requestRecordsWritten.get() + messageDetailsRecordsWritten.get(), writeFailures.get(),
                scrubbedValues.get(), position.seq(),
                position.hash(), writable, lastError);
    }

    /**
     * Whether records can be written now: false while the file cannot be opened or the last batch failed. When
     * false it also asks the writer to try opening the file again, so a health check is the retry that notices,
     * without waiting for traffic, that an operator has mended the path.
     */
    public boolean checkWritable() {
        if (writable) {
            return true;
        }
        lifecycle.readLock().lock();
        try {
            // under the lock, as append: nothing joins the queue behind the stop marker
            if (!closed && probeQueued.compareAndSet(false, true)) {
                queue.force(PROBE);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
        return false;
    }

    /** Records of one kind ({@code request} or {@code message_details}) written since open, for metrics. */
    public long recordsWritten(String kind) {
        return switch (kind) {
            case RequestAuditRecord.KIND -> requestRecordsWritten.get();
            case MessageDetailsAuditRecord.KIND -> messageDetailsRecordsWritten.get();
            default -> 0;
        };
    }

    private CompletableFuture<Void> rejected(AuditWriteException e) {
        writeFailures.incrementAndGet();
        lastError = e.getMessage();
        return CompletableFuture.failedFuture(e);
    }

    private void runWriter() {
        List<Pending> batch = new ArrayList<>(settings.maxBatch());
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            if (settings.mode() == AuditSettings.Mode.ASYNC) {
                // Nobody waits for an asynchronous record, so gather what arrives in the next moment into the same
                // write: request threads then wake this thread about once per batch rather than once per record.
                LockSupport.parkNanos(ASYNC_GATHER_NANOS);
            }
            queue.drainTo(batch, settings.maxBatch() - 1);
            if (batch.get(batch.size() - 1) == STOP) {
                batch.remove(batch.size() - 1);
                stopping = true;
            }
            if (batch.remove(PROBE)) {
                probeQueued.set(false);
                if (batch.isEmpty() && channel == null && !stopping) {
                    reopen();
                }
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
            batch.clear();
        }
        closeChannel(true);
    }

    private void writeBatch(List<Pending> batch) {
        int acknowledged = 0;
        try {
            if (channel == null) {
                resume();
            }
            Instant now = settings.clock().instant();
            ReusableBytes buffer = batchBytes();
            long seq = lastSeq;
            String prevHash = lastHash;
            for (int i = 0; i < batch.size(); i++) {
                if (isRotationDue(fileBytes + buffer.size(), now)) {
                    flush(buffer);
                    commit(batch, acknowledged, i, seq, prevHash);
                    acknowledged = i;
                    rotate();
                }
                String hash = ChainLine.sealInto(buffer, seq + 1, prevHash, batch.get(i).members(), hasher);
                if (fileStartedAt == null) {
                    fileStartedAt = now;
                    fileFirstSeq = seq + 1;
                }
                seq++;
                prevHash = hash;
            }
            flush(buffer);
            commit(batch, acknowledged, batch.size(), seq, prevHash);
        } catch (Exception | LinkageError | AssertionError e) {
            failFrom(batch, acknowledged, e);
        }
    }

    /** The writer's buffer for a batch's lines, emptied; replaced when an unusual batch made it large. */
    private ReusableBytes batchBytes() {
        if (batchBytes.capacity() > MAX_KEPT_BATCH_BYTES) {
            batchBytes = new ReusableBytes(INITIAL_BATCH_BYTES);
        }
        batchBytes.reset();
        return batchBytes;
    }

    private void flush(ReusableBytes buffer) throws IOException {
        if (buffer.size() == 0) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer.array(), 0, buffer.size());
        long position = fileBytes;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
        if (settings.mode() == AuditSettings.Mode.SYNC) {
            channel.force(false);
        }
        fileBytes = position;
        buffer.reset();
    }

    private void commit(List<Pending> batch, int from, int to, long seq, String hash) {
        lastSeq = seq;
        lastHash = hash;
        published = new ChainPosition(seq, hash);
        writable = true;
        for (int i = from; i < to; i++) {
            (batch.get(i).kind().equals(RequestAuditRecord.KIND) ? requestRecordsWritten : messageDetailsRecordsWritten).incrementAndGet();
            CompletableFuture<Void> future = batch.get(i).future();
            if (future != null) {
                future.complete(null);
            }
        }
    }

    private void failFrom(List<Pending> batch, int from, Throwable cause) {
        noteFailure(cause);
        int failed = batch.size() - from;
        writeFailures.addAndGet(failed);
        LOG.error("audit: {} record(s) not written to {}: {}", failed, file, describe(cause));
        AuditWriteException error = new AuditWriteException("audit record not written: " + describe(cause), cause);
        for (int i = from; i < batch.size(); i++) {
            CompletableFuture<Void> future = batch.get(i).future();
            if (future != null) {
                future.completeExceptionally(error);
            }
        }
        if (channel != null) {
            try {
                channel.truncate(fileBytes);
            } catch (IOException | RuntimeException e) {
                LOG.warn("audit: could not cut a failed write back off {}: {}; the tail is re-read before the next write",
                        file, describe(e));
            }
        }
        closeChannel(false);
    }

    private boolean isRotationDue(long currentBytes, Instant now) {
        if (currentBytes == 0) {
            return false;
        }
        if (settings.rotateBytes() > 0 && currentBytes >= settings.rotateBytes()) {
            return true;
        }
        return settings.rotateDaily() && fileStartedAt != null && !utcDay(fileStartedAt).equals(utcDay(now));
    }

    private void rotate() throws IOException {
        channel.force(true);
        channel.close();
        channel = null;
        Path target = rotatedFiles.nameFor(fileStartedAt, fileFirstSeq);
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        LOG.info("audit: rotated {} to {}", file, target.getFileName());
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        syncDirectory();
        fileBytes = 0;
        fileStartedAt = null;
        fileFirstSeq = 0;
    }

    /** Tries to open the file again after a failure, for {@link #checkWritable()}; a new batch would try the same. */
    private void reopen() {
        try {
            resume();
            LOG.info("audit: {} can be written again", file);
        } catch (IOException | RuntimeException e) {
            noteFailure(e);
        }
    }

    /** (Re)opens the current file and sets the chain position from what is on disk. */
    private void resume() throws IOException {
        closeChannel(false);
        Files.createDirectories(directory);
        boolean existed = Files.exists(file);
        FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (!existed) {
                syncDirectory();
            }
            long torn = ChainTail.truncateTornLine(opened);
            if (torn > 0) {
                LOG.warn("audit: cut a torn last line ({} bytes) off {}: a write interrupted by a crash, never acknowledged",
                        torn, file);
            }
            Optional<ChainLine> last = ChainTail.lastLine(opened, file);
            if (last.isPresent()) {
                ChainLine first = ChainTail.firstLine(opened, file).orElseThrow();
                lastSeq = last.get().seq();
                lastHash = last.get().hash();
                fileFirstSeq = first.seq();
                fileStartedAt = first.time() != null ? first.time() : settings.clock().instant();
            } else {
                Optional<ChainLine> previous = lastRotatedLine();
                lastSeq = previous.map(ChainLine::seq).orElse(0L);
                lastHash = previous.map(ChainLine::hash).orElse(ChainHasher.GENESIS_HASH);
                fileFirstSeq = 0;
                fileStartedAt = null;
            }
            fileBytes = opened.size();
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        channel = opened;
        published = new ChainPosition(lastSeq, lastHash);
        writable = true;
    }

    private Optional<ChainLine> lastRotatedLine() throws IOException {
        for (Path rotated : rotatedFiles.newestFirst()) {
            try (FileChannel previous = FileChannel.open(rotated, StandardOpenOption.READ)) {
                Optional<ChainLine> last = ChainTail.lastLine(previous, rotated);
                if (last.isPresent()) {
                    return last;
                }
            }
        }
        return Optional.empty();
    }

    private void closeChannel(boolean forceFirst) {
        if (channel == null) {
            return;
        }
        try {
            if (forceFirst) {
                channel.force(true);
            }
        } catch (IOException e) {
            noteFailure(e);
            LOG.error("audit: final fsync of {} failed: {}", file, describe(e));
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("audit: closing {} failed: {}", file, describe(e));
        }
        channel = null;
    }

    /** Makes a created or renamed directory entry durable; not every platform can open a directory. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("audit: cannot fsync directory {}: {}", directory, describe(e));
        }
    }

    private void noteFailure(Throwable cause) {
        writable = false;
        lastError = describe(cause);
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static LocalDate utcDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Pending(byte[] members, String kind, CompletableFuture<Void> future) {
    }

    private record ChainPosition(long seq, String hash) {
    }
}
