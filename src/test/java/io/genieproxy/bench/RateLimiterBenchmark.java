package io.genieproxy.bench;

import io.genieproxy.ratelimit.LocalRateLimiter;
import io.genieproxy.ratelimit.RateLimitKey;
import io.genieproxy.ratelimit.RateLimitRule;
import io.genieproxy.ratelimit.RateLimiter;
import io.genieproxy.ratelimit.RedisRateLimiter;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decisions per second of the local and the Redis rate limiter, with N threads for M seconds each.
 *
 * <p>Usage: {@code RateLimiterBenchmark [threads=4] [seconds=5] [keys=1000] [redisPort=6379] [inFlightPerThread=16]}.
 * Every thread takes permits for keys chosen round-robin out of {@code keys}; a key count of 1 measures
 * one hot key (for example one workspace). Redis threads keep {@code inFlightPerThread} commands
 * pipelined on one shared connection, as the proxy's event loops would. Keys use a unique prefix
 * and are deleted at the end.
 */
public final class RateLimiterBenchmark {
    private static final RateLimitRule RULE = new RateLimitRule(1_000_000, 1_000);

    private RateLimiterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int redisPort = args.length > 3 ? Integer.parseInt(args[3]) : 6379;
        int inFlight = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        System.out.printf("threads=%d seconds=%d keys=%d inFlightPerThread=%d cpus=%d%n",
                threads, seconds, keys, inFlight, Runtime.getRuntime().availableProcessors());

        report("local", run(new LocalRateLimiter(), threads, seconds, keys, 1), seconds);

        String prefix = "genie-proxy-bench:" + UUID.randomUUID() + ":";
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", redisPort));
        client.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisRateLimiter redis = new RedisRateLimiter(connection.async(), prefix, Duration.ofSeconds(2));
            report("redis (1 in flight per thread)", run(redis, threads, seconds, keys, 1), seconds);
            report("redis (" + inFlight + " in flight per thread)", run(redis, threads, seconds, keys, inFlight), seconds);
            deleteKeys(connection, prefix);
        } finally {
            client.shutdown();
        }
    }

    private static long run(RateLimiter limiter, int threads, int seconds, int keyCount, int inFlight) throws InterruptedException {
        RateLimitKey[] keys = new RateLimitKey[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = RateLimitKey.user("bench-" + i);
        }
        LongAdder decisions = new LongAdder();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(() -> {
                int i = offset;
                CompletableFuture<?>[] window = new CompletableFuture<?>[inFlight];
                while (System.nanoTime() < end) {
                    for (int w = 0; w < inFlight; w++) {
                        window[w] = limiter.tryAcquire(keys[i++ % keyCount], RULE).toCompletableFuture();
                    }
                    CompletableFuture.allOf(window).join();
                    decisions.add(inFlight);
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        return decisions.sum();
    }

    private static void report(String name, long decisions, int seconds) {
        System.out.printf("%-34s %,12d decisions  %,12.0f decisions/s%n", name, decisions, decisions / (double) seconds);
    }

    private static void deleteKeys(StatefulRedisConnection<String, String> connection, String prefix) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
            if (!page.getKeys().isEmpty()) {
                connection.sync().del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}
