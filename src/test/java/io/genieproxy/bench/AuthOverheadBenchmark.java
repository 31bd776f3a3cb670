package io.genieproxy.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.genieproxy.auth.OwnJwksServer;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Per-request latency of authentication through the real proxy, with the identity already cached:
 * sequential {@code GET /api/2.0/genie/spaces/{id}} (answer cache off) straight to the simulated workspace
 * (baseline, no proxy), through the proxy in databricks mode (SCIM identity cached) and in jwt mode (JWKS
 * cached, RS256 verified on every request). Modes are interleaved in rounds so that load from other
 * processes hits them alike. Prints p50/p90/p99 in microseconds.
 */
public final class AuthOverheadBenchmark {
    private static final String ISSUER = "https://idp.bench.example/own";
    private static final String AUDIENCE = "genie-proxy-bench";

    private AuthOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // The simulator is a JDK HttpServer: without TCP_NODELAY its split header/body writes meet the
        // client's delayed ACK and every answer takes ~40 ms, which would bury the figures of interest.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        String path = "/api/2.0/genie/spaces/" + ProxyHarness.SPACE;
        try (OwnJwksServer idp = new OwnJwksServer()) {
            long now = Instant.now().getEpochSecond();
            String jwt = idp.signRs256("{\"iss\":\"" + ISSUER + "\",\"sub\":\"bench-user\",\"aud\":\"" + AUDIENCE + "\",\"exp\":"
                    + (now + 7200) + ",\"iat\":" + now + ",\"preferred_username\":\"bench@example.com\"}");
            SimulatedWorkspace simulator = SimulatedWorkspace.start(ProxyHarness.fastSimulator()
                    .withTrustedIssuer(ISSUER, idp.jwksUrl()).withThreads(4));
            ProxyHarness databricks = ProxyHarness.startAgainst(simulator, Map.of("genie.cache.ttl", "0s"));
            ProxyHarness jwtMode = ProxyHarness.startAgainst(simulator, Map.of("genie.cache.ttl", "0s", "genie.auth.mode", "jwt",
                    "genie.auth.jwks-url", idp.jwksUrl().toString(), "genie.auth.issuer", ISSUER, "genie.auth.audience", AUDIENCE));
            try {
                Map<String, Target> targets = new LinkedHashMap<>();
                targets.put("baseline: simulator direct, no proxy", new Target(simulator.uri(), ProxyHarness.DEMO_TOKEN));
                targets.put("proxy, databricks mode (identity cached)", new Target(databricks.proxyUri(), ProxyHarness.DEMO_TOKEN));
                targets.put("proxy, jwt mode (JWKS cached, RS256)", new Target(jwtMode.proxyUri(), jwt));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Map<String, List<Long>> samples = new LinkedHashMap<>();
                targets.forEach((name, target) -> samples.put(name, new ArrayList<>()));
                for (Target target : targets.values()) {
                    run(http, target, path, 500, null);
                }
                int perRound = Math.max(1, requests / rounds);
                for (int round = 0; round < rounds; round++) {
                    for (Map.Entry<String, Target> e : targets.entrySet()) {
                        run(http, e.getValue(), path, perRound, samples.get(e.getKey()));
                    }
                }
                System.out.printf("%-44s %8s %8s %8s %8s%n", "mode (" + perRound * rounds + " sequential GETs each)", "p50 µs", "p90 µs",
                        "p99 µs", "mean µs");
                samples.forEach((name, list) -> {
                    long[] sorted = list.stream().mapToLong(Long::longValue).sorted().toArray();
                    System.out.printf("%-44s %8d %8d %8d %8d%n", name, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                            (long) Arrays.stream(sorted).average().orElse(0));
                });
            } finally {
                jwtMode.context().close();
                databricks.close();
            }
        }
    }

    private record Target(URI base, String token) {
    }

    private static void run(HttpClient http, Target target, String path, int n, List<Long> out) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.base() + path))
                .header("Authorization", "Bearer " + target.token()).GET().build();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long micros = (System.nanoTime() - start) / 1_000;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(target.base() + " answered " + response.statusCode());
            }
            if (out != null) {
                out.add(micros);
            }
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
