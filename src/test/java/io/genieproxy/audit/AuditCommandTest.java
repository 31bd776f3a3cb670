package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    private static final String KEY = "s3cret-hmac-key-for-tests";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsOneOkLineAndExitsZeroForAnIntactDirectory() throws Exception {
        try (AuditLog log = AuditLog.open(AuditSettings.of(dir.resolve("genie-audit.jsonl")).withRotateBytes(3_000))) {
            SampleRecords.appendAll(log, 30);
        }
        int files = SampleRecords.jsonlFiles(dir).size();
        assertEquals(0, run("verify", dir.toString()));
        assertTrue(stdout().matches("OK: 30 records, chain intact across " + files + " files, last hash [0-9a-f]{16}…\n"),
                stdout());
    }

    @Test
    void exitsOneNamingTheFileAndLineWhenTheChainIsBroken() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file))) {
            SampleRecords.appendAll(log, 5);
        }
        List<String> lines = SampleRecords.lines(file);
        lines.set(2, lines.get(2).replace("POST", "GET"));
        SampleRecords.writeLines(file, lines);
        assertEquals(1, run("verify", file.toString()));
        assertTrue(stdout().startsWith("FAILED: " + file + " line 3: hash mismatch"), stdout());
    }

    @Test
    void readsTheHmacKeyFromTheNamedVariableAndNeverPrintsIt() throws Exception {
        Path file = dir.resolve("genie-audit.jsonl");
        try (AuditLog log = AuditLog.open(AuditSettings.of(file).withHmacKey(KEY.getBytes(StandardCharsets.UTF_8)))) {
            SampleRecords.appendAll(log, 5);
        }
        assertEquals(0, AuditCommand.run(new String[] {"verify", file.toString(), "--key-env", "AUDIT_KEY"},
                print(out), print(err), Map.of("AUDIT_KEY", KEY)::get));
        assertEquals(1, AuditCommand.run(new String[] {"verify", "--key-env", "AUDIT_KEY", file.toString()},
                print(out), print(err), Map.of("AUDIT_KEY", "wrong")::get));
        assertFalse(stdout().contains(KEY) || stderr().contains(KEY));
    }

    @Test
    void exitsTwoForUsageErrors() {
        assertEquals(2, run());
        assertEquals(2, run("check", "x"));
        assertEquals(2, run("verify"));
        assertEquals(2, run("verify", dir.resolve("missing.jsonl").toString()));
        assertEquals(2, run("verify", dir.toString(), "--key-env"));
        assertEquals(2, run("verify", dir.toString(), "--key-env", "UNSET_VARIABLE"));
        assertTrue(stderr().contains("usage: audit verify"));
    }

    private int run(String... args) {
        return AuditCommand.run(args, print(out), print(err), name -> null);
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
