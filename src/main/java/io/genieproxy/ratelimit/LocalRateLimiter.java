package io.genieproxy.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * GCRA rate limiting inside this process: one theoretical arrival time per key, held in a Caffeine
 * map that forgets a key as soon as its budget is full again, so memory follows active keys only.
 *
 * <p>Updates run in Caffeine's per-entry {@code compute} (striped by hash bin, never a global lock).
 * {@code maximumKeys} is a safety cap: if it is ever reached, the least useful keys are evicted and
 * start again with a full budget, so keep it well above the number of live keys.
 */
public final class LocalRateLimiter implements RateLimiter {
    /** Default cap on tracked keys. */
    public static final long DEFAULT_MAXIMUM_KEYS = 100_000;

    private final Ticker ticker;
    private final Cache<RateLimitKey, Long> arrivals;

    /** Real time, {@link #DEFAULT_MAXIMUM_KEYS}. */
    public LocalRateLimiter() {
        this(Ticker.systemTicker(), DEFAULT_MAXIMUM_KEYS);
    }

    /**
     * @param ticker the time source (nanoseconds, any origin); tests pass a fake one
     * @param maximumKeys how many keys may be tracked at once
     */
    public LocalRateLimiter(Ticker ticker, long maximumKeys) {
        this.ticker = ticker;
        this.arrivals = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumSize(maximumKeys)
                .expireAfter(new UntilBudgetIsFull())
                .build();
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquire(RateLimitKey key, RateLimitRule rule) {
        return CompletableFuture.completedFuture(decide(key, rule));
    }

    /** The same as {@link #tryAcquire}, synchronously: it never blocks on I/O. */
    public RateLimitDecision decide(RateLimitKey key, RateLimitRule rule) {
        long interval = rule.emissionIntervalNanos();
        long tolerance = rule.toleranceNanos();
        RateLimitDecision[] out = new RateLimitDecision[1];
        arrivals.asMap().compute(key, (k, stored) -> {
            long now = ticker.read();
            long arrival = stored == null ? now : Math.max(stored, now);
            long next = arrival + interval;
            long allowAt = next - tolerance;
            if (now < allowAt) {
                out[0] = new RateLimitDecision(false, rule.burst(), 0,
                        Duration.ofNanos(allowAt - now), Duration.ofNanos(arrival - now), RateLimitDecision.LOCAL);
                return stored;
            }
            out[0] = new RateLimitDecision(true, rule.burst(), (now - allowAt) / interval,
                    Duration.ZERO, Duration.ofNanos(next - now), RateLimitDecision.LOCAL);
            return next;
        });
        return out[0];
    }

    /** Keys currently tracked (approximate), for tests and diagnostics. */
    public long trackedKeys() {
        arrivals.cleanUp();
        return arrivals.estimatedSize();
    }

    /** A key expires when its theoretical arrival time passes: from then on it is the same as a fresh key. */
    private static final class UntilBudgetIsFull implements Expiry<RateLimitKey, Long> {
        @Override
        public long expireAfterCreate(RateLimitKey key, Long arrival, long currentTime) {
            return Math.max(0, arrival - currentTime);
        }

        @Override
        public long expireAfterUpdate(RateLimitKey key, Long arrival, long currentTime, long currentDuration) {
            return Math.max(0, arrival - currentTime);
        }

        @Override
        public long expireAfterRead(RateLimitKey key, Long arrival, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
