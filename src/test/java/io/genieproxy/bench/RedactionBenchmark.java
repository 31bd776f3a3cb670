package io.genieproxy.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.genieproxy.redaction.JsonRedactor;
import io.genieproxy.redaction.RedactionException;
import io.genieproxy.redaction.RedactionPolicy;
import io.genieproxy.redaction.RedactionReport;
import io.genieproxy.redaction.RedactionScope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Throughput of {@link JsonRedactor} on a 5000-row, 12-column mixed Genie query result; the {@code bytes}
 * counter is input bytes per second (divide by 10^6 for MB/s), next to a plain token copy as the floor.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class RedactionBenchmark {
    static final int ROWS = 5000;
    private static final JsonFactory JSON = new JsonFactory();
    private static final RedactionScope SCOPE = new RedactionScope("01ef9d2c3b4a5e6f7a8b9c0d1e2f3a4b", Set.of("analysts"));

    byte[] body;
    JsonRedactor defaults;
    JsonRedactor columnRules;
    JsonRedactor withoutPhones;

    /** Input bytes processed, reported per second by JMH. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /**
     * Input bytes and the benchmark thread's CPU time, summed per iteration: on a shared machine wall-clock
     * throughput measures the neighbours, {@code cpuInputBytes / cpuNanos * 1000} (MB per CPU-second) measures the code.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuInputBytes;
        public long cpuNanos;
        private long started;

        @Setup(Level.Iteration)
        public void reset() {
            cpuInputBytes = 0;
            cpuNanos = 0;
        }

        @Setup(Level.Invocation)
        public void start() {
            started = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Invocation)
        public void stop() {
            cpuNanos += THREADS.getCurrentThreadCpuTime() - started;
        }
    }

    @Setup
    public void setUp() {
        body = queryResult(ROWS, new Random(20240301));
        defaults = new JsonRedactor(RedactionPolicy.defaults());
        columnRules = new JsonRedactor(RedactionPolicy.fromTree(Map.of(
                "pseudonym-key-env", "BENCH_KEY",
                "defaults", Map.of("columns", Map.of("email", "pseudonym", "ssn", "drop", "card_number", "partial"))),
                name -> "benchmark-key-benchmark-key-benchmark-key"));
        withoutPhones = new JsonRedactor(RedactionPolicy.fromTree(Map.of("defaults", Map.of("disable", List.of("PHONE"))), name -> null));
    }

    @Benchmark
    public byte[] redactWithDefaultPolicy(Bytes counter, CpuTime cpu) throws RedactionException {
        counter.bytes += body.length;
        cpu.cpuInputBytes += body.length;
        return defaults.redact(body, SCOPE, RedactionReport.builder());
    }

    @Benchmark
    public byte[] redactWithColumnRules(Bytes counter, CpuTime cpu) throws RedactionException {
        counter.bytes += body.length;
        cpu.cpuInputBytes += body.length;
        return columnRules.redact(body, SCOPE, RedactionReport.builder());
    }

    /** The same body with the PHONE category off, to show what libphonenumber validation costs. */
    @Benchmark
    public byte[] redactWithoutPhoneDetection(Bytes counter, CpuTime cpu) throws RedactionException {
        counter.bytes += body.length;
        cpu.cpuInputBytes += body.length;
        return withoutPhones.redact(body, SCOPE, RedactionReport.builder());
    }

    /** The floor: parse and regenerate every token with no redaction at all. */
    @Benchmark
    public byte[] copyTokensOnly(Bytes counter, CpuTime cpu) throws IOException {
        counter.bytes += body.length;
        cpu.cpuInputBytes += body.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        try (JsonParser parser = JSON.createParser(body); JsonGenerator generator = JSON.createGenerator(out)) {
            while (parser.nextToken() != null) {
                generator.copyCurrentEvent(parser);
            }
        }
        return out.toByteArray();
    }

    /** A Genie QueryResultResponse with the mix of identifiers, PII and free text a CRM table holds. */
    static byte[] queryResult(int rows, Random random) {
        List<String> columns = List.of("customer_id", "name", "email", "phone", "card_number", "ssn", "iban", "ip_address",
                "notes", "order_id", "amount", "created_at");
        StringBuilder json = new StringBuilder(rows * 420);
        json.append("{\"statement_response\":{\"statement_id\":\"01f0a6c1-f2b3-1c4d-9e8f-7a6b5c4d3e2f\",")
                .append("\"status\":{\"state\":\"SUCCEEDED\"},\"manifest\":{\"format\":\"JSON_ARRAY\",\"schema\":{\"column_count\":12,\"columns\":[");
        for (int c = 0; c < columns.size(); c++) {
            json.append(c == 0 ? "" : ",").append("{\"name\":\"").append(columns.get(c))
                    .append("\",\"type_name\":\"STRING\",\"type_text\":\"STRING\",\"position\":").append(c).append('}');
        }
        json.append("]},\"total_row_count\":").append(rows).append(",\"truncated\":false},")
                .append("\"result\":{\"chunk_index\":0,\"row_offset\":0,\"row_count\":").append(rows).append(",\"data_array\":[");
        String[] first = {"Jane", "John", "Maria", "Wei", "Aisha", "Lukas", "Sofia", "Omar"};
        String[] last = {"Roe", "Doe", "Garcia", "Li", "Khan", "Mueller", "Rossi", "Haddad"};
        for (int r = 0; r < rows; r++) {
            String name = first[random.nextInt(first.length)] + " " + last[random.nextInt(last.length)];
            String email = name.toLowerCase().replace(' ', '.') + r + "@example.com";
            String phone = switch (r % 4) {
                case 0 -> String.format("(202) 555-%04d", 100 + random.nextInt(99));
                case 1 -> String.format("+44 20 7946 %04d", random.nextInt(1000));
                case 2 -> String.format("+1 415-555-%04d", 100 + random.nextInt(99));
                default -> String.format("+49 30 %06d", 100000 + random.nextInt(899999));
            };
            String card = luhn("4" + digits(random, 14));
            String cardText = card.substring(0, 4) + " " + card.substring(4, 8) + " " + card.substring(8, 12) + " " + card.substring(12);
            String ssn = String.format("%03d-%02d-%04d", 1 + random.nextInt(665), 1 + random.nextInt(99), 1 + random.nextInt(9999));
            String iban = "DE89370400440532013000";
            String ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            String note = note(r, email, phone, ip, random);
            String[] cells = {String.format("CUST-%06d", r), name, email, phone, cardText, ssn, iban, ip, note,
                String.format("ORD-2024-%06d", r), String.format("%d.%02d", random.nextInt(100000), random.nextInt(100)),
                String.format("2024-%02d-%02dT%02d:%02d:%02d.000Z", 1 + random.nextInt(12), 1 + random.nextInt(28),
                        random.nextInt(24), random.nextInt(60), random.nextInt(60))};
            json.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < cells.length; c++) {
                json.append(c == 0 ? "" : ",").append('"').append(cells[c]).append('"');
            }
            json.append(']');
        }
        json.append("],\"next_chunk_index\":null}}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String note(int row, String email, String phone, String ip, Random random) {
        return switch (row % 8) {
            case 0 -> "Customer asked about delivery times, no further action.";
            case 1 -> "Prefers contact by email at " + email + " after 5pm.";
            case 2 -> "Called from " + phone + " regarding a refund of 125.00 EUR on order ORD-2024-" + String.format("%06d", row) + ".";
            case 3 -> "Escalated to tier 2; ticket INC-" + String.format("%06d", random.nextInt(999999)) + " opened 2024-03-01 10:15:30.";
            case 4 -> "VIP since 2019, lifetime value 48,210.75 USD, segment B2C-EU.";
            case 5 -> "Disputed charge on card ending 1111; investigation ref " + random.nextInt(999999) + ".";
            case 6 -> "Moved to new address, updated billing profile v2.3.1.";
            default -> "Login from " + ip + " flagged by fraud rules at 2024-02-11T08:00:00Z.";
        };
    }

    private static String digits(Random random, int count) {
        StringBuilder sb = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private static String luhn(String body) {
        for (char d = '0'; d <= '9'; d++) {
            String candidate = body + d;
            int sum = 0;
            for (int i = 0; i < candidate.length(); i++) {
                int digit = candidate.charAt(candidate.length() - 1 - i) - '0';
                if (i % 2 == 1) {
                    digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
                }
                sum += digit;
            }
            if (sum % 10 == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("a check digit always exists");
    }

    /** Runs this benchmark with its annotated settings; JMH options on the command line override them. */
    public static void main(String[] args) throws RunnerException, IOException {
        String[] withDefault = args.length == 0 ? new String[] {RedactionBenchmark.class.getSimpleName()} : args;
        org.openjdk.jmh.Main.main(withDefault);
    }
}
