package io.genieproxy.ratelimit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.File;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectingRedisRateLimiterTest {

    @Test
    void connectsOnceRedisComesUpAfterStartup() throws Exception {
        assumeTrue(new File("/usr/bin/redis-server").canExecute(), "redis-server is not installed");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisClient client = RedisClient.create();
        try (ConnectingRedisRateLimiter limiter = new ConnectingRedisRateLimiter(client, RedisURI.create("redis://127.0.0.1:" + port),
                "test:connecting:", Duration.ofMillis(500), Duration.ofMillis(100), Clock.systemUTC())) {
            assertFalse(limiter.isConnected());
            assertTrue(limiter.tryAcquire(RateLimitKey.workspace("w"), new RateLimitRule(5, 5)).toCompletableFuture()
                    .isCompletedExceptionally());
            Process redis = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(port), "--save", "",
                    "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (!limiter.isConnected() && System.nanoTime() < deadline) {
                    limiter.tryAcquire(RateLimitKey.workspace("w"), new RateLimitRule(5, 5));
                    Thread.sleep(100);
                }
                assertTrue(limiter.isConnected());
                assertTrue(limiter.tryAcquire(RateLimitKey.workspace("w"), new RateLimitRule(5, 5)).toCompletableFuture()
                        .get(5, TimeUnit.SECONDS).allowed());
            } finally {
                redis.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
