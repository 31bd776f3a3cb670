package io.genieproxy.ratelimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis limiter behind a connection that may not exist yet: while Redis cannot be reached (at
 * startup too) every decision fails, so {@link FallbackRateLimiter} limits locally, and a new
 * connection is attempted in the background at most once per {@code retryInterval}. Once connected,
 * Lettuce reconnects by itself.
 */
public final class ConnectingRedisRateLimiter implements RateLimiter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectingRedisRateLimiter.class);

    private final RedisClient client;
    private final RedisURI uri;
    private final String keyPrefix;
    private final Duration commandTimeout;
    private final Duration retryInterval;
    private final Clock clock;
    private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();
    private final AtomicReference<RedisRateLimiter> limiter = new AtomicReference<>();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicLong lastAttemptMillis = new AtomicLong(Long.MIN_VALUE / 2);

    public ConnectingRedisRateLimiter(RedisClient client, RedisURI uri, String keyPrefix, Duration commandTimeout,
                                      Duration retryInterval, Clock clock) {
        this.client = client;
        this.uri = uri;
        this.keyPrefix = keyPrefix;
        this.commandTimeout = commandTimeout;
        this.retryInterval = retryInterval;
        this.clock = clock;
        try {
            opened(client.connect(StringCodec.UTF8, uri));
        } catch (RuntimeException e) {
            LOG.warn("Redis is unreachable at startup; limiting locally and retrying every {}", retryInterval);
        }
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquire(RateLimitKey key, RateLimitRule rule) {
        RedisRateLimiter current = limiter.get();
        if (current != null) {
            return current.tryAcquire(key, rule);
        }
        connect();
        return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
    }

    /**
     * The connection's asynchronous commands, for other state replicas share, or null while there is no
     * connection (asking for them also starts a new attempt, at most once per retry interval).
     */
    public RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> open = connection.get();
        if (open == null) {
            connect();
            return null;
        }
        return open.async();
    }

    /** The deployment's Redis key prefix, which other shared state's keys start with too. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** Whether a connection to Redis exists (it may still be reconnecting). */
    public boolean isConnected() {
        return limiter.get() != null;
    }

    private void connect() {
        long now = clock.millis();
        long last = lastAttemptMillis.get();
        if (now - last < retryInterval.toMillis() || !lastAttemptMillis.compareAndSet(last, now) || !connecting.compareAndSet(false, true)) {
            return;
        }
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((opened, error) -> {
            connecting.set(false);
            if (error != null) {
                LOG.debug("Redis connection attempt failed: {}", error.getClass().getSimpleName());
                return;
            }
            opened(opened);
        });
    }

    private void opened(StatefulRedisConnection<String, String> opened) {
        connection.set(opened);
        limiter.set(new RedisRateLimiter(opened.async(), keyPrefix, commandTimeout));
        LOG.info("Connected to Redis: question limits are shared by every replica");
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> open = connection.getAndSet(null);
        if (open != null) {
            open.close();
        }
        client.shutdown();
    }
}
