package io.genieproxy.e2e.observability;

import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rough cost of the observability stages through the real proxy: GET one space (cache off, so every request
 * is forwarded and audited) directly against the simulator, through the proxy with the audit log in SYNC mode
 * (the default: fsync before the answer) and in ASYNC mode. Prints p50/p99 latency with one client and
 * requests/s (= audit records/s) with several. Not a test; run as described in bench/README-observability.md.
 *
 * <p>Arguments: [sequential requests, default 2000] [threads, default 16] [seconds, default 10].
 */
public final class ObservabilityOverheadBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ObservabilityOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        SimulatedWorkspace simulator = SimulatedWorkspace.start(ProxyHarness.fastSimulator());
        try {
            report("direct to simulator (no proxy)", simulator.uri(), sequential, threads, seconds);
        } finally {
            simulator.close();
        }
        for (String mode : List.of("sync", "async")) {
            // a fresh simulator each time: closing a harness also closes its simulator
            ProxyHarness proxy = ProxyHarness.start(Map.of("genie.cache.ttl", "0s", "genie.audit.mode", mode));
            try {
                report("proxy, audit " + mode, proxy.proxyUri(), sequential, threads, seconds);
                long records = Files.readAllLines(proxy.auditFile()).size();
                System.out.printf("  audit lines written: %d%n", records);
            } finally {
                proxy.close();
            }
        }
        System.exit(0);
    }

    private static void report(String name, URI base, int sequential, int threads, int seconds) throws Exception {
        URI target = base.resolve("/api/2.0/genie/spaces/" + ProxyHarness.SPACE);
        HttpRequest request = HttpRequest.newBuilder(target).header("Authorization", "Bearer " + ProxyHarness.DEMO_TOKEN).GET().build();
        int warm = 0;
        for (int attempt = 0; warm < 500 && attempt < 2000; attempt++) {
            try {
                send(request);
                warm++;
            } catch (IllegalStateException notReadyYet) {
                Thread.sleep(100);
            }
        }
        long[] nanos = new long[sequential];
        for (int i = 0; i < sequential; i++) {
            long start = System.nanoTime();
            send(request);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    send(request);
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        System.out.printf("%-32s 1 client: p50 %.2f ms, p99 %.2f ms | %d clients: %.0f req/s%n", name,
                nanos[sequential / 2] / 1e6, nanos[(int) (sequential * 0.99)] / 1e6, threads, done.get() / (double) seconds);
    }

    private static void send(HttpRequest request) throws Exception {
        HttpResponse<Void> r = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("status " + r.statusCode());
        }
    }
}
