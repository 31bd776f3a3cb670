package io.genieproxy.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Names and finds the rotated files that sit next to the current audit file. */
final class RotatedFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String EXTENSION = ".jsonl";

    private final Path directory;
    private final String stem;
    private final Pattern rotatedName;

    RotatedFiles(Path currentFile) {
        Path parent = currentFile.toAbsolutePath().getParent();
        this.directory = parent;
        String name = currentFile.getFileName().toString();
        this.stem = name.endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length()) : name;
        this.rotatedName = Pattern.compile(Pattern.quote(stem) + "-\\d{8}T\\d{6}Z-(\\d{12,})" + Pattern.quote(EXTENSION));
    }

    /** The name a file gets when it is rotated: when it started and the seq of its first record. */
    Path nameFor(Instant startedAt, long firstSeq) {
        return directory.resolve(stem + "-" + STAMP.format(startedAt) + "-" + String.format("%012d", firstSeq) + EXTENSION);
    }

    /** Rotated files, newest (highest first seq) first. */
    List<Path> newestFirst() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(p -> rotatedName.matcher(p.getFileName().toString()).matches()).forEach(found::add);
        }
        found.sort(Comparator.comparingLong(this::firstSeqOf).reversed());
        return found;
    }

    private long firstSeqOf(Path rotated) {
        Matcher m = rotatedName.matcher(rotated.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
