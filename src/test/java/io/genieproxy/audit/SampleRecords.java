package io.genieproxy.audit;

import io.genieproxy.pipeline.AuditOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Records, file edits and an independent re-hash for audit tests. */
final class SampleRecords {

    static final Instant TIME = Instant.parse("2025-03-01T12:34:56.789Z");
    private static final Pattern REQUEST_ID = Pattern.compile("\"request_id\":\"([^\"]+)\"");
    private static final Pattern HASH_MEMBER = Pattern.compile(",\"hash\":\"[0-9a-f]{64}\"}$");

    private SampleRecords() {
    }

    static RequestAuditRecord request(String requestId) {
        return new RequestAuditRecord(TIME, requestId, "4bf92f3577b34da6a3ce929d0e0e4736",
                new AuditCaller("ana@example.com", "1234", "10.0.0.7", "databricks-sdk-java/0.141.0"),
                "adb-1234.azuredatabricks.net", "genieStartConversationMessage", "space-1", "conv-1", null, null,
                "POST", "/api/2.0/genie/spaces/space-1/start-conversation", 200, AuditOutcome.ALLOWED, 42,
                AuditCacheStatus.MISS, 200, AuditRateLimit.allowed(9), null, null);
    }

    static MessageDetailsAuditRecord details(String requestId) {
        return new MessageDetailsAuditRecord(TIME, requestId, null,
                new AuditCaller("ana@example.com", "1234", "10.0.0.7", "curl/8.5.0"),
                "adb-1234.azuredatabricks.net", "space-1", "conv-1", "msg-1",
                "What were sales for customer [EMAIL]?", "SELECT sum(amount) FROM sales WHERE email = '[EMAIL]'",
                "stmt-9", "COMPLETED", 1L,
                List.of(new AuditAttachment("att-1", AuditAttachment.Type.QUERY, "Sales", null),
                        new AuditAttachment("att-2", AuditAttachment.Type.SUGGESTED_QUESTIONS, null, null)),
                null, Map.of("email", 2), 5300L);
    }

    static void appendAll(AuditLog log, int count) {
        for (int i = 1; i <= count; i++) {
            log.append(i % 5 == 0 ? details("req-" + i) : request("req-" + i)).join();
        }
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, lines.stream().map(l -> l + "\n").collect(Collectors.joining()), StandardCharsets.UTF_8);
    }

    static List<Path> jsonlFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    static List<String> requestIds(List<Path> files) throws IOException {
        List<String> ids = new java.util.ArrayList<>();
        for (Path file : files) {
            for (String line : lines(file)) {
                Matcher m = REQUEST_ID.matcher(line);
                if (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    static long seqOf(String line) {
        Matcher m = Pattern.compile("^\\{\"seq\":(\\d+),").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no seq in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    static String hashOf(String line) {
        return line.substring(line.length() - 66, line.length() - 2);
    }

    /** Re-seals a line the way the package documentation defines it, as a forger who knows the format would. */
    static String resealed(String line, byte[] keyOrNull) {
        Matcher m = HASH_MEMBER.matcher(line);
        if (!m.find()) {
            throw new AssertionError("not a sealed line: " + line);
        }
        String hashed = line.substring(0, m.start()) + "}";
        byte[] bytes = hashed.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] digest;
            if (keyOrNull == null) {
                digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            } else {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(keyOrNull, "HmacSHA256"));
                digest = mac.doFinal(bytes);
            }
            return line.substring(0, m.start()) + ",\"hash\":\"" + HexFormat.of().formatHex(digest) + "\"}";
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Re-seals every line from {@code fromIndex} on, relinking prev_hash, as a forger without the key would. */
    static List<String> forgedChainFrom(List<String> lines, int fromIndex, byte[] forgerKey) {
        List<String> forged = new java.util.ArrayList<>(lines);
        for (int i = fromIndex; i < forged.size(); i++) {
            String line = forged.get(i);
            if (i > 0) {
                line = line.replaceFirst("\"prev_hash\":\"[0-9a-f]{64}\"", "\"prev_hash\":\"" + hashOf(forged.get(i - 1)) + "\"");
            }
            forged.set(i, resealed(line, forgerKey));
        }
        return forged;
    }
}
