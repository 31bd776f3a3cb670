package io.genieproxy.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the first and last complete lines of an audit file without reading the whole file, and cuts off a
 * torn last line (bytes after the last newline), which a crash mid-write leaves and nobody was told was durable.
 */
final class ChainTail {

    private static final int CHUNK = 8192;

    private ChainTail() {
    }

    /**
     * Truncates everything after the last newline.
     *
     * @return the number of bytes removed (0 when the file ends with a newline or is empty)
     */
    static long truncateTornLine(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return 0;
        }
        long lastNewline = lastNewlineBefore(channel, size);
        long keep = lastNewline + 1;
        if (keep == size) {
            return 0;
        }
        channel.truncate(keep);
        channel.force(true);
        return size - keep;
    }

    /** The last newline-terminated line, parsed; empty when the file has none. */
    static Optional<ChainLine> lastLine(FileChannel channel, Path file) throws IOException {
        long end = channel.size();
        while (end > 0) {
            long terminator = lastNewlineBefore(channel, end);
            if (terminator < 0) {
                return Optional.empty();
            }
            long start = lastNewlineBefore(channel, terminator) + 1;
            if (terminator > start) {
                return Optional.of(parse(read(channel, start, terminator), file, "last"));
            }
            end = terminator;
        }
        return Optional.empty();
    }

    /** The first line, parsed; empty when the file has no complete line. */
    static Optional<ChainLine> firstLine(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long position = 0;
        while (position < size) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) == '\n') {
                    line.write(buffer.array(), 0, i);
                    return Optional.of(parse(line.toByteArray(), file, "first"));
                }
            }
            line.write(buffer.array(), 0, n);
            position += n;
        }
        return Optional.empty();
    }

    private static ChainLine parse(byte[] line, Path file, String which) throws IOException {
        try {
            return ChainLine.parse(line);
        } catch (ChainLine.MalformedLineException e) {
            throw new ChainResumeException("cannot resume the audit chain: the " + which + " line of " + file
                    + " is " + e.getMessage() + "; run `audit verify` and move the damaged file aside");
        }
    }

    /** Position of the last {@code \n} before {@code end}, or -1. */
    private static long lastNewlineBefore(FileChannel channel, long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long chunkEnd = end;
        while (chunkEnd > 0) {
            long chunkStart = Math.max(0, chunkEnd - CHUNK);
            byte[] bytes = read(channel, chunkStart, chunkEnd, buffer);
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return chunkStart + i;
                }
            }
            chunkEnd = chunkStart;
        }
        return -1;
    }

    private static byte[] read(FileChannel channel, long start, long end) throws IOException {
        return read(channel, start, end, null);
    }

    private static byte[] read(FileChannel channel, long start, long end, ByteBuffer reusable) throws IOException {
        int length = Math.toIntExact(end - start);
        ByteBuffer buffer = reusable != null && reusable.capacity() >= length ? reusable : ByteBuffer.allocate(length);
        buffer.clear().limit(length);
        long position = start;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("file shrank while reading it");
            }
            position += n;
        }
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    /** The existing files do not end in a readable record, so the chain cannot be continued safely. */
    static final class ChainResumeException extends IOException {
        ChainResumeException(String message) {
            super(message);
        }
    }
}
