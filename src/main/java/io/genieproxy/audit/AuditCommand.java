package io.genieproxy.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The {@code audit} command line: {@code audit verify FILE|DIR... [--key-env VAR]}; exit 0 when the chain is
 * intact, 1 when it is not, 2 for a usage error.
 *
 * <p>A directory stands for the {@code *.jsonl} files directly in it. The HMAC key is the UTF-8 bytes of the
 * named environment variable's value (the proxy must configure the same bytes); it is never printed.
 */
public final class AuditCommand {

    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int USAGE = 2;
    private static final String USAGE_LINE = "usage: audit verify FILE|DIR... [--key-env VAR]";

    private AuditCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::getenv);
    }

    static int run(String[] args, PrintStream out, PrintStream err, UnaryOperator<String> environment) {
        if (args.length == 0 || !"verify".equals(args[0])) {
            err.println(USAGE_LINE);
            return USAGE;
        }
        List<Path> files = new ArrayList<>();
        byte[] key = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if ("--key-env".equals(arg)) {
                if (i + 1 >= args.length) {
                    err.println("--key-env needs the name of an environment variable");
                    return USAGE;
                }
                String variable = args[++i];
                String value = environment.apply(variable);
                if (value == null || value.isEmpty()) {
                    err.println("environment variable " + variable + " is not set or empty");
                    return USAGE;
                }
                key = value.getBytes(StandardCharsets.UTF_8);
            } else if (arg.startsWith("--")) {
                err.println("unknown option " + arg + "; " + USAGE_LINE);
                return USAGE;
            } else {
                Path path = Path.of(arg);
                try {
                    files.addAll(expand(path));
                } catch (IOException e) {
                    err.println("cannot read " + path + ": " + e.getMessage());
                    return USAGE;
                }
            }
        }
        if (files.isEmpty()) {
            err.println("no audit files given; " + USAGE_LINE);
            return USAGE;
        }
        VerificationResult result = AuditVerifier.verify(files, key);
        if (result.intact()) {
            out.println(result.summary());
            return INTACT;
        }
        out.println(result.summary());
        return BROKEN;
    }

    private static List<Path> expand(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("no such file or directory");
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }
}
