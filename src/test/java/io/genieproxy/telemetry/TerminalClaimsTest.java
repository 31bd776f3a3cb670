package io.genieproxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Claims against the machine's Redis, and what happens without a connection. */
class TerminalClaimsTest {
    private final AtomicInteger fallbacks = new AtomicInteger();

    @Test
    void onlyTheFirstClaimOfAMessageWinsAndItExpires() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String prefix = "genie-proxy:test-" + UUID.randomUUID() + ":";
            TerminalClaims claims = new TerminalClaims(connection::async, prefix, Duration.ofSeconds(30), fallbacks::incrementAndGet);

            assertTrue(claims.claim("m1").toCompletableFuture().join());
            assertFalse(claims.claim("m1").toCompletableFuture().join(), "a second replica's claim loses");
            assertTrue(claims.claim("m2").toCompletableFuture().join(), "claims are per message");
            long ttl = connection.sync().ttl(prefix + "terminal:m1");
            assertTrue(ttl > 0 && ttl <= 30, "the claim expires: " + ttl);
            assertEquals(0, fallbacks.get());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void withoutAConnectionTheReplicaDecidesAloneAndSaysSo() {
        TerminalClaims claims = new TerminalClaims(() -> null, "p:", Duration.ofDays(1), fallbacks::incrementAndGet);
        assertTrue(claims.claim("m1").toCompletableFuture().join());
        assertTrue(claims.claim("m1").toCompletableFuture().join(), "never drops a record for want of Redis");
        assertEquals(2, fallbacks.get());
    }
}
