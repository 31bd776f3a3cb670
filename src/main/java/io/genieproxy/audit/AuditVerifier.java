package io.genieproxy.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks audit files end to end: every line parses, its hash matches its bytes, its seq is one more than the
 * previous record's and its prev_hash is the previous record's hash, from seq 1 and the genesis value on.
 *
 * <p>Files may be given in any order; they are verified in order of their first seq. Empty files are skipped.
 * The first problem stops verification. Without the HMAC key an HMAC-protected log fails at line 1; with a
 * key, a chain re-hashed by someone without it fails at the first forged line.
 */
public final class AuditVerifier {

    private AuditVerifier() {
    }

    public static VerificationResult verify(List<Path> files, byte[] hmacKeyOrNull) {
        ChainHasher hasher = new ChainHasher(hmacKeyOrNull);
        List<FileStart> ordered = new ArrayList<>();
        for (Path file : files) {
            FileStart start;
            try {
                start = FileStart.of(file);
            } catch (IOException e) {
                return VerificationResult.broken(0, file.toString(), 1, "unreadable: " + e.getMessage(), 0,
                        ChainHasher.GENESIS_HASH);
            } catch (ChainLine.MalformedLineException e) {
                return VerificationResult.broken(0, file.toString(), 1, e.getMessage(), 0, ChainHasher.GENESIS_HASH);
            }
            if (start != null) {
                ordered.add(start);
            }
        }
        ordered.sort(Comparator.comparingLong(FileStart::firstSeq));
        Progress progress = new Progress(hasher, hmacKeyOrNull != null);
        for (FileStart start : ordered) {
            VerificationResult problem = progress.verifyFile(start.file());
            if (problem != null) {
                return problem;
            }
        }
        return VerificationResult.intact(progress.records, progress.files, progress.lastHash);
    }

    /** A non-empty file and the seq of its first line. */
    private record FileStart(Path file, long firstSeq) {

        /** Null for an empty file. */
        static FileStart of(Path file) throws IOException, ChainLine.MalformedLineException {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                LineReader lines = new LineReader(in);
                byte[] first = lines.next();
                if (first == null) {
                    return null;
                }
                return new FileStart(file, ChainLine.parse(first).seq());
            }
        }
    }

    /** The chain position carried from line to line and file to file. */
    private static final class Progress {
        private final ChainHasher hasher;
        private final boolean keyed;
        private long records;
        private int files;
        private long lastSeq;
        private String lastHash = ChainHasher.GENESIS_HASH;

        Progress(ChainHasher hasher, boolean keyed) {
            this.hasher = hasher;
            this.keyed = keyed;
        }

        VerificationResult verifyFile(Path file) {
            files++;
            long lineNumber = 0;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                LineReader lines = new LineReader(in);
                byte[] line;
                while ((line = lines.next()) != null) {
                    lineNumber++;
                    if (!lines.lastWasTerminated()) {
                        return broken(file, lineNumber, "torn: the last line has no newline (an interrupted write; "
                                + "opening the log cuts it off)");
                    }
                    String problem = problemWith(line);
                    if (problem != null) {
                        return broken(file, lineNumber, problem);
                    }
                }
            } catch (IOException e) {
                return broken(file, lineNumber + 1, "unreadable: " + e.getMessage());
            }
            return null;
        }

        private String problemWith(byte[] bytes) {
            ChainLine line;
            try {
                line = ChainLine.parse(bytes);
            } catch (ChainLine.MalformedLineException e) {
                return e.getMessage();
            }
            String computed = hasher.hash(line.hashedBytes(), 0, line.hashedBytes().length);
            if (!ChainHasher.sameHash(computed, line.hash())) {
                return "hash mismatch: the line was changed after it was written"
                        + (records == 0 && !keyed ? " (or the log is HMAC-protected: pass --key-env)" : "");
            }
            if (line.seq() != lastSeq + 1) {
                return "seq gap: expected seq " + (lastSeq + 1) + ", found " + line.seq()
                        + (line.seq() > lastSeq + 1 ? " (records missing)" : " (records repeated or reordered)");
            }
            if (!line.prevHash().equals(lastHash)) {
                return "broken link: prev_hash is not the hash of " + (lastSeq == 0 ? "the genesis value" : "seq " + lastSeq);
            }
            records++;
            lastSeq = line.seq();
            lastHash = line.hash();
            return null;
        }

        private VerificationResult broken(Path file, long lineNumber, String problem) {
            return VerificationResult.broken(records, file.toString(), lineNumber, problem, files, lastHash);
        }
    }

    /** Splits a stream into lines at {@code \n}, keeping the bytes exact. */
    private static final class LineReader {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        private boolean terminated;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its newline, or null at the end. */
        byte[] next() throws IOException {
            line.reset();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    terminated = true;
                    return line.toByteArray();
                }
                line.write(b);
            }
            terminated = false;
            return line.size() == 0 ? null : line.toByteArray();
        }

        boolean lastWasTerminated() {
            return terminated;
        }
    }
}
