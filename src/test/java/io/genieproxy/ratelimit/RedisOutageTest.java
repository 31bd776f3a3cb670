package io.genieproxy.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs its own redis-server on a free port, stops and restarts it; never touches the shared 6379. */
class RedisOutageTest {
    private static final RateLimitRule TEN_PER_MINUTE = new RateLimitRule(10, 10);

    private final ManualTime time = new ManualTime();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final RateLimitListener listener = new RateLimitListener() {
        @Override
        public void onFallback(String reason) {
            events.add("fallback:" + reason);
        }

        @Override
        public void onRecovery(Duration outage) {
            events.add("recovered");
        }
    };
    private RedisConnections connections;
    private int port;
    private Process server;

    @BeforeEach
    void startServer() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/redis-server").canExecute(), "redis-server is not installed");
        port = RedisConnections.freePort();
        server = RedisConnections.startRedisServer(port);
        connections = new RedisConnections();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (connections != null) {
            connections.close();
        }
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
    }

    private static RateLimitDecision join(java.util.concurrent.CompletionStage<RateLimitDecision> d) {
        return d.toCompletableFuture().join();
    }

    @Test
    void resendsTheScriptWhenRedisHasForgottenIt() {
        StatefulRedisConnection<String, String> connection = connections.connect(port).orElseThrow();
        RedisRateLimiter limiter = new RedisRateLimiter(connection.async(), "t:", Duration.ofSeconds(2));
        RateLimitKey key = RateLimitKey.workspace("ws");
        assertTrue(join(limiter.tryAcquire(key, TEN_PER_MINUTE)).allowed());
        connection.sync().scriptFlush();
        RateLimitDecision afterFlush = join(limiter.tryAcquire(key, TEN_PER_MINUTE));
        assertTrue(afterFlush.allowed());
        assertEquals(8, afterFlush.remaining(), "the same budget, one EVAL after NOSCRIPT");
        assertEquals(7, join(limiter.tryAcquire(key, TEN_PER_MINUTE)).remaining(), "and EVALSHA works again");
    }

    @Test
    void limitsLocallyAtTheConservativeShareWhileRedisIsDownAndReturnsWhenItIsBack() throws Exception {
        StatefulRedisConnection<String, String> connection = connections.connect(port).orElseThrow();
        RedisRateLimiter redis = new RedisRateLimiter(connection.async(), "t:", Duration.ofMillis(200));
        FallbackRateLimiter limiter = new FallbackRateLimiter(redis, new LocalRateLimiter(time, 1_000),
                FallbackRateLimiter.Settings.forReplicas(2), time, listener);
        RateLimitKey key = RateLimitKey.workspace("ws");
        assertEquals(RateLimitDecision.REDIS, join(limiter.tryAcquire(key, TEN_PER_MINUTE)).source());

        server.destroyForcibly().waitFor();

        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            RateLimitDecision d = join(limiter.tryAcquire(key, TEN_PER_MINUTE));
            assertEquals(RateLimitDecision.FALLBACK, d.source());
            allowed += d.allowed() ? 1 : 0;
        }
        assertEquals(5, allowed, "half the burst of 10 for one of two replicas: limited, not unlimited");
        assertEquals(1, events.size(), "one fallback report for the whole outage: " + events);
        assertTrue(events.get(0).startsWith("fallback:"));

        server = RedisConnections.startRedisServer(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String source = RateLimitDecision.FALLBACK;
        while (!source.equals(RateLimitDecision.REDIS) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            time.advance(Duration.ofSeconds(1));
            source = join(limiter.tryAcquire(key, TEN_PER_MINUTE)).source();
        }
        assertEquals(RateLimitDecision.REDIS, source, "back on Redis once the client has reconnected");
        assertEquals("recovered", events.get(events.size() - 1));
        assertEquals(2, events.size(), "one fallback, one recovery: " + events);
    }
}
