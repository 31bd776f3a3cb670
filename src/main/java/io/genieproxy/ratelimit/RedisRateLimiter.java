package io.genieproxy.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * GCRA rate limiting shared by every replica through Redis: one atomic Lua script per decision,
 * with Redis {@code TIME} as the clock so the replicas' own clocks never matter.
 *
 * <p>Why a script and not Bucket4j's Lettuce proxy: Bucket4j keeps a serialised bucket and updates
 * it by compare-and-swap, measured with each replica's own clock, and retries under contention; the
 * script is one round trip, can't lose a race, keeps one integer per key (readable with
 * {@code redis-cli GET}), and reads time from Redis itself.
 *
 * <p>The script is sent with {@code EVALSHA}; on {@code NOSCRIPT} (after a Redis restart or
 * failover) it is sent once with {@code EVAL}, which also caches it again. Every command is bounded
 * by {@code commandTimeout} and cancelled when it passes; the stage then completes exceptionally
 * and {@link FallbackRateLimiter} decides. Configure the Lettuce client with
 * {@code DisconnectedBehavior.REJECT_COMMANDS} so that commands are not buffered while disconnected
 * and replayed later, taking permits for requests that were already decided elsewhere.
 */
public final class RedisRateLimiter implements RateLimiter {
    /** Default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "genie-proxy:rl:";
    /** Default bound on one Redis command. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(200);

    static final String SCRIPT = """
            -- GCRA. KEYS[1] holds the theoretical arrival time in microseconds of Redis TIME.
            -- ARGV[1] emission interval (us), ARGV[2] burst.
            -- Returns {allowed 0/1, remaining, retry after (us), reset after (us)}.
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local interval = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local arrival = tonumber(redis.call('GET', KEYS[1]) or now)
            if arrival < now then arrival = now end
            local nextArrival = arrival + interval
            local allowAt = nextArrival - interval * burst
            if now < allowAt then
              return {0, 0, allowAt - now, arrival - now}
            end
            local ttl = math.ceil((nextArrival - now) / 1000)
            redis.call('SET', KEYS[1], string.format('%d', nextArrival), 'PX', string.format('%d', ttl))
            return {1, math.floor((now - allowAt) / interval), 0, nextArrival - now}
            """;

    private final RedisScriptingAsyncCommands<String, String> redis;
    private final String keyPrefix;
    private final Duration commandTimeout;
    private final String sha;

    /**
     * @param redis async commands of a connection (standalone or cluster) with String codec
     * @param keyPrefix put before every key, for example {@code genie-proxy:rl:}; keep it per deployment
     * @param commandTimeout how long one decision may take before it counts as Redis being unreachable
     */
    public RedisRateLimiter(RedisScriptingAsyncCommands<String, String> redis, String keyPrefix, Duration commandTimeout) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
        this.sha = sha1(SCRIPT);
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquire(RateLimitKey key, RateLimitRule rule) {
        String[] keys = {keyPrefix + key.asString()};
        String interval = Long.toString(Math.max(1, rule.emissionIntervalNanos() / 1_000));
        String burst = Long.toString(rule.burst());
        return bounded(() -> redis.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, interval, burst))
                .exceptionallyCompose(e -> isNoScript(e)
                        ? bounded(() -> redis.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keys, interval, burst))
                        : CompletableFuture.failedFuture(e))
                .thenApply(reply -> toDecision(reply, rule));
    }

    private CompletableFuture<List<Object>> bounded(java.util.function.Supplier<CompletionStage<List<Object>>> command) {
        CompletableFuture<List<Object>> sent = command.get().toCompletableFuture();
        CompletableFuture<List<Object>> result = sent.copy().orTimeout(commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> {
            if (e != null) {
                sent.cancel(false);
            }
        });
        return result;
    }

    private static boolean isNoScript(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof RedisNoScriptException
                || (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT"));
    }

    private static RateLimitDecision toDecision(List<Object> reply, RateLimitRule rule) {
        boolean allowed = ((Long) reply.get(0)) == 1L;
        long remaining = (Long) reply.get(1);
        Duration retryAfter = Duration.ofNanos(((Long) reply.get(2)) * 1_000);
        Duration resetAfter = Duration.ofNanos(((Long) reply.get(3)) * 1_000);
        return new RateLimitDecision(allowed, rule.burst(), remaining, retryAfter, resetAfter, RateLimitDecision.REDIS);
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }
}
