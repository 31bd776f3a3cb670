package io.genieproxy.bench;

import io.genieproxy.genie.JsonTree;
import io.genieproxy.simulator.FaultSettings;
import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays poll-heavy Genie traffic (teams of clients of one user watching the same messages at the
 * Java SDK's poll cadence, then reading the query result more than once) against the simulator:
 * directly, through the proxy with the cache off ({@code genie.cache.ttl=0s}; coalescing stays on),
 * through the proxy with its defaults, and with a minimum poll interval; prints the upstream calls
 * the simulator saw in each case.
 *
 * <p>The team's first client asks and polls at once; the others join within a second (uniformly), as
 * other tabs or services of the same user would. A warm-up replay through a proxy runs first and is
 * not reported. Time is compressed by {@code scale}: the SDK sleeps n s + U[0,1) s between polls, the simulator
 * steps every 400 ms and answers after 300 ms of latency; all three are multiplied by {@code scale}.
 *
 * <p>Usage: {@code TrafficReplayBenchmark [teams=5] [clientsPerTeam=4] [questionsPerTeam=3] [resultReads=2] [scale=0.1]}.
 * Teams alternate between the two demo users, so there are teams × clientsPerTeam simulated clients.
 */
public final class TrafficReplayBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();

    private record Plan(int teams, int clientsPerTeam, int questionsPerTeam, int resultReads, double scale) {
        Duration scaled(long millis) {
            return Duration.ofMillis(Math.max(1, Math.round(millis * scale)));
        }
    }

    /** What one run made the workspace do, and what the clients saw. */
    private record Counts(String name, long questions, long polls, long resultReads, long otherGets, long clientRequests,
                          long clientErrors, long millis) {
        long upstreamGets() {
            return polls + resultReads + otherGets;
        }
    }

    private TrafficReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Plan plan = new Plan(
                args.length > 0 ? Integer.parseInt(args[0]) : 5,
                args.length > 1 ? Integer.parseInt(args[1]) : 4,
                args.length > 2 ? Integer.parseInt(args[2]) : 3,
                args.length > 3 ? Integer.parseInt(args[3]) : 2,
                args.length > 4 ? Double.parseDouble(args[4]) : 0.1);
        System.out.printf("teams=%d clientsPerTeam=%d questionsPerTeam=%d resultReads=%d scale=%.2f cpus=%d%n",
                plan.teams(), plan.clientsPerTeam(), plan.questionsPerTeam(), plan.resultReads(), plan.scale(),
                Runtime.getRuntime().availableProcessors());
        SimulatorSettings simulator = SimulatorSettings.defaults().withQuestionsPerMinute(0)
                .withStepDelay(plan.scaled(400))
                .withFaults(FaultSettings.none().withAddedLatency(plan.scaled(300)));
        Map<String, Object> proxyBase = Map.of("genie.rate-limit.qpm", 100_000);

        throughProxy("warm-up", simulator, proxyBase, new Plan(2, 2, 2, 1, plan.scale()));
        List<Counts> all = new ArrayList<>();
        try (SimulatedWorkspace direct = SimulatedWorkspace.start(simulator)) {
            all.add(replay("direct to the simulator", direct.uri(), direct, plan));
        }
        all.add(throughProxy("proxy, cache off (ttl 0s)", simulator, with(proxyBase, "genie.cache.ttl", "0s"), plan));
        all.add(throughProxy("proxy, cache + coalescing (defaults)", simulator, proxyBase, plan));
        all.add(throughProxy("proxy, defaults + min-poll-interval " + plan.scaled(1000).toMillis() + "ms", simulator,
                with(proxyBase, "genie.cache.min-poll-interval", plan.scaled(1000).toMillis() + "ms"), plan));

        long baseline = all.get(0).upstreamGets();
        System.out.printf("%n| run | client requests | client errors | upstream questions | upstream polls | upstream result reads"
                + " | upstream GETs | vs direct | wall ms |%n|---|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        for (Counts c : all) {
            System.out.printf("| %s | %d | %d | %d | %d | %d | %d | %s | %d |%n", c.name(), c.clientRequests(), c.clientErrors(),
                    c.questions(), c.polls(), c.resultReads(), c.upstreamGets(),
                    c == all.get(0) ? "-" : String.format("%+.0f %%", 100.0 * (c.upstreamGets() - baseline) / baseline), c.millis());
        }
        System.exit(0);
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static Counts throughProxy(String name, SimulatorSettings simulator, Map<String, Object> props, Plan plan) throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start(simulator, props)) {
            return replay(name, proxy.proxyUri(), proxy.simulator(), plan);
        }
    }

    private static Counts replay(String name, URI origin, SimulatedWorkspace workspace, Plan plan) throws Exception {
        workspace.clearRecordedRequests();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(plan.teams() * plan.clientsPerTeam());
        long started = System.nanoTime();
        try {
            List<Future<?>> teams = new ArrayList<>();
            ExecutorService leaders = Executors.newFixedThreadPool(plan.teams());
            for (int t = 0; t < plan.teams(); t++) {
                String token = t % 2 == 0 ? SimulatorSettings.DEMO_TOKEN : SimulatorSettings.DEMO_TOKEN_2;
                teams.add(leaders.submit(() -> {
                    for (int q = 0; q < plan.questionsPerTeam(); q++) {
                        HttpResponse<String> asked = send(origin, token, "POST",
                                "/api/2.0/genie/spaces/" + SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID + "/start-conversation",
                                "{\"content\":\"Top customers by order amount " + q + "\"}", requests, errors);
                        if (asked.statusCode() != 200) {
                            continue;
                        }
                        Map<String, Object> ids = json(asked.body());
                        String message = "/api/2.0/genie/spaces/" + SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID + "/conversations/"
                                + ids.get("conversation_id") + "/messages/" + ids.get("message_id");
                        CountDownLatch done = new CountDownLatch(plan.clientsPerTeam());
                        for (int c = 0; c < plan.clientsPerTeam(); c++) {
                            long offset = c == 0 ? 0 : plan.scaled(ThreadLocalRandom.current().nextLong(1000)).toMillis();
                            pool.submit(() -> {
                                try {
                                    Thread.sleep(offset);
                                    watch(origin, token, message, plan, requests, errors);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                } finally {
                                    done.countDown();
                                }
                            });
                        }
                        done.await();
                    }
                    return null;
                }));
            }
            for (Future<?> team : teams) {
                team.get();
            }
            leaders.shutdown();
        } finally {
            pool.shutdown();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long questions = 0;
        long polls = 0;
        long results = 0;
        long other = 0;
        for (RecordedRequest r : workspace.recordedRequests()) {
            String path = r.rawPath();
            if (r.method().equals("POST")) {
                questions++;
            } else if (path.endsWith("/query-result")) {
                results++;
            } else if (path.matches(".*/messages/[^/]+")) {
                polls++;
            } else if (path.startsWith("/api/2.0/genie/")) {
                other++;
            }
        }
        Counts counts = new Counts(name, questions, polls, results, other, requests.get(), errors.get(), millis);
        System.out.println(counts);
        return counts;
    }

    /** One client watching a message as the Java SDK does, then reading the query result {@code resultReads} times. */
    private static void watch(URI origin, String token, String message, Plan plan, AtomicLong requests, AtomicLong errors) {
        try {
            Map<String, Object> last = null;
            for (int n = 0; n <= 60; n++) {
                if (n > 0) {
                    long sleep = Math.min(10, n) * 1000L + ThreadLocalRandom.current().nextLong(1000);
                    Thread.sleep(plan.scaled(sleep).toMillis());
                }
                HttpResponse<String> poll = send(origin, token, "GET", message, null, requests, errors);
                if (poll.statusCode() != 200) {
                    continue;
                }
                last = json(poll.body());
                Object status = last.get("status");
                if ("COMPLETED".equals(status) || "FAILED".equals(status) || "CANCELLED".equals(status)) {
                    break;
                }
            }
            String attachment = last == null ? null : queryAttachment(last);
            for (int i = 0; attachment != null && i < plan.resultReads(); i++) {
                send(origin, token, "GET", message + "/attachments/" + attachment + "/query-result", null, requests, errors);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static String queryAttachment(Map<String, Object> message) {
        Object attachments = message.get("attachments");
        if (!(attachments instanceof List<?> list)) {
            return null;
        }
        for (Object a : list) {
            Map<String, Object> attachment = (Map<String, Object>) a;
            if (attachment.containsKey("query")) {
                return (String) attachment.get("attachment_id");
            }
        }
        return null;
    }

    private static HttpResponse<String> send(URI origin, String token, String method, String target, String json,
                                             AtomicLong requests, AtomicLong errors) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + target)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        requests.incrementAndGet();
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                errors.incrementAndGet();
            }
            return r;
        } catch (Exception e) {
            errors.incrementAndGet();
            throw new IllegalStateException(method + " " + target + " failed", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) {
        try {
            return (Map<String, Object>) JsonTree.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
