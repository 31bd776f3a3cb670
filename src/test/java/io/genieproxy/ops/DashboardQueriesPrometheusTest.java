package io.genieproxy.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every dashboard query through a real Prometheus that scrapes a metrics endpoint, and
 * requires each one to return data: a renamed metric or label, a typo or an invalid expression
 * in a dashboard fails here instead of as an empty Grafana panel.
 *
 * <p>{@link #assertEveryPanelReturnsData(URI, Path)} is the harness; it takes any scrape target (the
 * fixture below, or a running proxy's {@code /prometheus} after real traffic). It needs the
 * Prometheus server binary ({@code apt-get install -y prometheus}); without it the test is skipped.
 */
class DashboardQueriesPrometheusTest {

    /** Where the Debian package installs the server; override with -Dprometheus.binary or PROMETHEUS_BIN. */
    static final String DEFAULT_BINARY = "/usr/bin/prometheus";
    /** How long queries may take to return data once Prometheus is ready (a few scrapes at 1 s). */
    static final Duration DATA_DEADLINE = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyPanelQueryReturnsDataForAnExpositionOfEveryDashboardMetric() throws IOException {
        AtomicLong scrapes = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/prometheus", exchange -> {
            byte[] body = MetricsFixture.exposition(scrapes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prometheus");
            assertEveryPanelReturnsData(target, OpsFiles.dashboardsDir());
            assertTrue(scrapes.get() >= 2, "Prometheus scraped the fixture " + scrapes.get() + " times");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theFixtureServesExactlyTheMetricsTheDashboardsUseAndNothingUnderived() {
        Set<String> used = DashboardMetricNamesTest.usedMetricNames(OpsFiles.dashboardsDir());
        Set<String> served = MetricsFixture.seriesNames();
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(served);
        assertTrue(missing.isEmpty(), "dashboards use metrics the fixture lacks: " + missing);
        Set<String> underived = new TreeSet<>(served);
        underived.removeAll(DashboardMetricNamesTest.derivedNames());
        underived.removeAll(DashboardMetricNamesTest.JVM_METRICS);
        assertTrue(underived.isEmpty(), "fixture serves names not derived from MetricNames: " + underived);
    }

    /** Every query of every dashboard in {@code dashboardsDir} returns at least one series from {@code metricsTarget}. */
    public static void assertEveryPanelReturnsData(URI metricsTarget, Path dashboardsDir) {
        assertEveryPanelReturnsData(metricsTarget, dashboardsDir, q -> false);
    }

    /**
     * As {@link #assertEveryPanelReturnsData(URI, Path)}, but queries matching {@code mayBeEmpty} only
     * have to be valid PromQL (for event-driven panels real traffic may not trigger, such as the
     * shared-limiter fallback). Skips (JUnit assumption) when the Prometheus binary is absent.
     */
    public static void assertEveryPanelReturnsData(URI metricsTarget, Path dashboardsDir,
            Predicate<DashboardQueries.Query> mayBeEmpty) {
        Path binary = prometheusBinary();
        assumeTrue(Files.isExecutable(binary), "Prometheus server binary not found at " + binary
                + ": install it with `apt-get install -y prometheus` (or set PROMETHEUS_BIN); skipping.");
        List<DashboardQueries.Query> queries = DashboardQueries.queries(dashboardsDir);
        assertTrue(!queries.isEmpty(), "no dashboard queries under " + dashboardsDir);

        Path work = null;
        Process prometheus = null;
        try {
            work = Files.createTempDirectory("genie-proxy-prometheus");
            int port = freePort();
            Files.writeString(work.resolve("prometheus.yml"), scrapeConfig(metricsTarget));
            prometheus = new ProcessBuilder(binary.toString(),
                    "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("data"),
                    "--storage.tsdb.retention.time=1h",
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("prometheus.log").toFile())
                    .start();
            Process running = prometheus;
            Thread killer = new Thread(running::destroyForcibly, "kill-test-prometheus");
            Runtime.getRuntime().addShutdownHook(killer);
            try {
                URI api = URI.create("http://127.0.0.1:" + port);
                awaitReady(api, prometheus, work);
                awaitData(api, queries, mayBeEmpty, metricsTarget);
            } finally {
                Runtime.getRuntime().removeShutdownHook(killer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            stop(prometheus);
            deleteTree(work);
        }
    }

    static Path prometheusBinary() {
        String configured = System.getProperty("prometheus.binary", System.getenv("PROMETHEUS_BIN"));
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_BINARY : configured);
    }

    static String scrapeConfig(URI target) {
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/metrics" : target.getRawPath();
        int port = target.getPort() != -1 ? target.getPort() : ("https".equals(target.getScheme()) ? 443 : 80);
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: genie-proxy
                    scheme: %s
                    metrics_path: "%s"
                    static_configs:
                      - targets: ["%s:%d"]
                """.formatted(target.getScheme(), path, target.getHost(), port);
    }

    private static void awaitReady(URI api, Process prometheus, Path work) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("Prometheus exited with " + prometheus.exitValue() + ":\n"
                        + Files.readString(work.resolve("prometheus.log")));
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus not ready after 20 s:\n" + Files.readString(work.resolve("prometheus.log")));
    }

    /** Polls until every query has returned data once; fails at once on a query Prometheus rejects. */
    private static void awaitData(URI api, List<DashboardQueries.Query> queries,
            Predicate<DashboardQueries.Query> mayBeEmpty, URI target) throws InterruptedException, IOException {
        Map<DashboardQueries.Query, String> pending = new LinkedHashMap<>();
        for (DashboardQueries.Query q : queries) {
            pending.put(q, "not evaluated");
        }
        Instant deadline = Instant.now().plus(DATA_DEADLINE);
        while (true) {
            for (DashboardQueries.Query q : new ArrayList<>(pending.keySet())) {
                JsonNode answer = query(api, q.expr());
                if (!"success".equals(answer.path("status").asText())) {
                    throw new AssertionError("Prometheus rejected " + q + "\n  " + answer);
                }
                JsonNode result = answer.path("data").path("result");
                if ((result.isArray() && !result.isEmpty()) || mayBeEmpty.test(q)) {
                    pending.remove(q);
                } else {
                    pending.put(q, "empty result");
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                JsonNode up = query(api, "up");
                StringBuilder msg = new StringBuilder("dashboard queries with no data after ")
                        .append(DATA_DEADLINE.toSeconds()).append(" s of scraping ").append(target)
                        .append(" (up: ").append(up.path("data").path("result")).append("):");
                pending.forEach((q, why) -> msg.append("\n  ").append(q).append("  -> ").append(why));
                throw new AssertionError(msg.toString());
            }
            Thread.sleep(1000);
        }
    }

    private static JsonNode query(URI api, String promql) throws IOException, InterruptedException {
        URI uri = api.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return DashboardQueries.JSON.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
