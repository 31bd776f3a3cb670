package io.genieproxy.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the machine's Redis on 6379, each run under its own key prefix; skipped when it is not running. */
class RedisRateLimiterTest {
    private static final String PREFIX = "genie-proxy-test:" + UUID.randomUUID() + ":";
    private static RedisConnections connections;
    private static StatefulRedisConnection<String, String> replicaA;
    private static StatefulRedisConnection<String, String> replicaB;

    @BeforeAll
    static void connect() {
        connections = new RedisConnections();
        replicaA = connections.connect(6379).orElse(null);
        Assumptions.assumeTrue(replicaA != null, "no Redis on 127.0.0.1:6379");
        replicaB = connections.connect(6379).orElseThrow();
    }

    @AfterAll
    static void cleanUp() {
        if (replicaA != null) {
            List<String> keys = replicaA.sync().keys(PREFIX + "*");
            if (!keys.isEmpty()) {
                replicaA.sync().del(keys.toArray(String[]::new));
            }
        }
        connections.close();
    }

    private static RedisRateLimiter limiter(StatefulRedisConnection<String, String> connection) {
        return new RedisRateLimiter(connection.async(), PREFIX, Duration.ofSeconds(2));
    }

    private static RateLimitDecision join(java.util.concurrent.CompletionStage<RateLimitDecision> d) {
        return d.toCompletableFuture().join();
    }

    @Test
    void twoInstancesShareOneBudgetThroughRedis() {
        RedisRateLimiter a = limiter(replicaA);
        RedisRateLimiter b = limiter(replicaB);
        RateLimitKey key = RateLimitKey.workspace("shared-" + UUID.randomUUID());
        RateLimitRule tenThenOnePerMinute = new RateLimitRule(1, 10);
        List<Boolean> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RateLimitDecision d = join((i % 2 == 0 ? a : b).tryAcquire(key, tenThenOnePerMinute));
            assertEquals(RateLimitDecision.REDIS, d.source());
            answers.add(d.allowed());
        }
        assertEquals(10, answers.stream().filter(x -> x).count());
        assertTrue(answers.subList(0, 10).stream().allMatch(x -> x), "the first ten, whichever replica asked");
    }

    @Test
    void refusalsSayWhenTheNextPermitComesByRedisTime() {
        RedisRateLimiter a = limiter(replicaA);
        RateLimitKey key = RateLimitKey.workspace("timing-" + UUID.randomUUID());
        RateLimitRule fivePerMinute = new RateLimitRule(5, 5);
        for (int i = 0; i < 5; i++) {
            RateLimitDecision d = join(a.tryAcquire(key, fivePerMinute));
            assertTrue(d.allowed());
            assertEquals(4 - i, d.remaining());
        }
        RateLimitDecision refused = join(limiter(replicaB).tryAcquire(key, fivePerMinute));
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfter().compareTo(Duration.ofSeconds(11)) > 0
                && refused.retryAfter().compareTo(Duration.ofSeconds(12)) <= 0, "about 12 s, was " + refused.retryAfter());
        assertEquals("12", refused.headers().get("Retry-After"));
        long ttl = replicaA.sync().pttl(PREFIX + key.asString());
        assertTrue(ttl > 59_000 && ttl <= 60_000, "the key lives until its budget is full again, was " + ttl);
    }

    @Test
    void manyConcurrentRequestsGetExactlyTheBudget() throws Exception {
        List<RedisRateLimiter> replicas = List.of(limiter(replicaA), limiter(replicaB));
        RateLimitKey key = RateLimitKey.workspace("race-" + UUID.randomUUID());
        RateLimitRule budget = new RateLimitRule(1, 37);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger allowed = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            RedisRateLimiter mine = replicas.get(t % 2);
            done.add(pool.submit(() -> {
                start.await();
                List<CompletableFuture<RateLimitDecision>> mineInFlight = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    mineInFlight.add(mine.tryAcquire(key, budget).toCompletableFuture());
                }
                for (CompletableFuture<RateLimitDecision> f : mineInFlight) {
                    if (f.join().allowed()) {
                        allowed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(37, allowed.get(), "400 requests from 16 threads on two clients, exactly the burst allowed");
    }
}
