package io.genieproxy.bench;

import io.genieproxy.redaction.JsonRedactor;
import io.genieproxy.redaction.RedactionPolicy;
import io.genieproxy.redaction.RedactionReport;
import io.genieproxy.redaction.RedactionScope;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The latency redaction adds to a query-result call: one simulator, two proxies in front of it with the cache
 * off (redaction on, redaction off), sequential GETs of the same result alternating between the two, so both
 * see the same machine load. Also times the simulator directly and {@link JsonRedactor} alone on the same body.
 *
 * <p>Args: {@code [small-iterations, default 200] [large-iterations, default 30]}. A plain {@code main}: read
 * the figures as what a caller sees on this machine, not as a microbenchmark.
 */
public final class RedactionLatencyBenchmark {
    private static final Pattern ID = Pattern.compile("\"(conversation_id|message_id|attachment_id)\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOKEN = ProxyHarness.DEMO_TOKEN;

    private RedactionLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int small = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int large = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        SimulatorSettings settings = SimulatorSettings.defaults().withStepDelay(Duration.ofMillis(20)).withQuestionsPerMinute(0);
        try (SimulatedWorkspace simulator = SimulatedWorkspace.start(settings);
             ProxyHarness on = ProxyHarness.startAgainst(simulator, Map.of("genie.cache.ttl", "0s"));
             ProxyHarness off = ProxyHarness.startAgainst(simulator, Map.of("genie.cache.ttl", "0s", "genie.redaction", "off"))) {
            String question = questionWithRows(50);
            run("50-row result", question, 50, small, simulator.uri(), on.proxyUri(), off.proxyUri());
            run("5000-row result", "List all customers", 5000, large, simulator.uri(), on.proxyUri(), off.proxyUri());
        }
        System.exit(0);
    }

    private static void run(String label, String question, int expectedRows, int iterations, URI direct, URI on, URI off) throws Exception {
        String pathOn = resultPath(on, question);
        String pathOff = resultPath(off, question);
        String body = get(direct, pathOff);
        if (!body.contains("\"row_count\":" + expectedRows)) {
            throw new IllegalStateException(label + ": expected " + expectedRows + " rows");
        }
        if (!get(on, pathOn).contains("[REDACTED:EMAIL]") || get(off, pathOff).contains("[REDACTED:")) {
            throw new IllegalStateException(label + ": the proxies are not configured as expected");
        }
        int warmup = Math.max(10, iterations / 4);
        for (int i = 0; i < warmup; i++) {
            get(on, pathOn);
            get(off, pathOff);
            get(direct, pathOff);
        }
        long[] tOn = new long[iterations];
        long[] tOff = new long[iterations];
        long[] tDirect = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            tOn[i] = timed(on, pathOn);
            tOff[i] = timed(off, pathOff);
            tDirect[i] = timed(direct, pathOff);
        }
        long[] tEngine = engine(body.getBytes(StandardCharsets.UTF_8), iterations);
        System.out.printf(Locale.ROOT, "%s: %d bytes, %d sequential GETs each (after %d warm-up)%n", label, body.length(), iterations, warmup);
        print("  simulator direct     ", tDirect);
        print("  proxy, redaction off ", tOff);
        print("  proxy, redaction on  ", tOn);
        print("  JsonRedactor alone   ", tEngine);
        System.out.printf(Locale.ROOT, "  added by redaction (p50 on - p50 off): %.2f ms%n", (pct(tOn, 50) - pct(tOff, 50)) / 1e6);
    }

    private static long[] engine(byte[] body, int iterations) throws Exception {
        JsonRedactor redactor = new JsonRedactor(RedactionPolicy.defaults());
        RedactionScope scope = new RedactionScope(ProxyHarness.SPACE, java.util.Set.of("users"));
        for (int i = 0; i < Math.max(20, iterations); i++) {
            redactor.redact(body, scope, RedactionReport.builder());
        }
        long[] t = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            redactor.redact(body, scope, RedactionReport.builder());
            t[i] = System.nanoTime() - start;
        }
        return t;
    }

    private static void print(String label, long[] nanos) {
        System.out.printf(Locale.ROOT, "%s p50 %8.2f ms   p90 %8.2f ms   p99 %8.2f ms%n", label, pct(nanos, 50) / 1e6, pct(nanos, 90) / 1e6,
                pct(nanos, 99) / 1e6);
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long timed(URI base, String path) throws Exception {
        long start = System.nanoTime();
        get(base, path);
        return System.nanoTime() - start;
    }

    /** Asks {@code question} through {@code proxy}, waits for COMPLETED and returns the attachment query-result path. */
    private static String resultPath(URI proxy, String question) throws Exception {
        String space = ProxyHarness.SPACE;
        String started = send(HttpRequest.newBuilder(proxy.resolve("/api/2.0/genie/spaces/" + space + "/start-conversation"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + question + "\"}")));
        Map<String, String> ids = ids(started);
        String message = "/api/2.0/genie/spaces/" + space + "/conversations/" + ids.get("conversation_id") + "/messages/" + ids.get("message_id");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String body = get(proxy, message);
            if (body.contains("\"status\":\"COMPLETED\"")) {
                Matcher m = Pattern.compile("\"attachment_id\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"query\"").matcher(body);
                if (!m.find()) {
                    throw new IllegalStateException("no query attachment in " + body.substring(0, Math.min(300, body.length())));
                }
                return message + "/attachments/" + m.group(1) + "/query-result";
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("message did not complete");
            }
            Thread.sleep(20);
        }
    }

    private static Map<String, String> ids(String body) {
        Map<String, String> ids = new java.util.HashMap<>();
        Matcher m = ID.matcher(body);
        while (m.find()) {
            ids.putIfAbsent(m.group(1), m.group(2));
        }
        return ids;
    }

    private static String get(URI base, String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private static String send(HttpRequest.Builder builder) throws Exception {
        HttpResponse<String> response = HTTP.send(builder.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * A question the simulator answers with exactly {@code rows} rows. Mirrors the simulator's deterministic
     * choice (row count = 10 + seed mod 41, seed = first 8 bytes of SHA-256 of the lower-cased question), and the
     * caller checks the answer's row_count.
     */
    static String questionWithRows(int rows) throws Exception {
        for (int n = 1; n < 100_000; n++) {
            String question = "Top customers by order amount, sample " + n;
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(question.toLowerCase(Locale.ROOT).strip().getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (hash[i] & 0xff);
            }
            if (10 + Math.floorMod(seed, 41L) == rows) {
                return question;
            }
        }
        throw new IllegalStateException("no question with " + rows + " rows");
    }
}
