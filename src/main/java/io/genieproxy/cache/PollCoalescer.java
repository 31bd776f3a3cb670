package io.genieproxy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Makes identical concurrent polls of one caller share a single upstream call, and optionally
 * answers a caller who polls faster than {@code minPollInterval} with the state fetched moments ago.
 *
 * <p>Sharing is keyed by {@link CacheKey}, which holds the caller: two callers never share a call,
 * even for the same message. An in-flight entry is removed before its result is handed out, so a
 * poll arriving after completion starts a fresh call. Only {@code 200} answers are remembered for
 * the minimum interval; errors are never replayed.
 */
public final class PollCoalescer {
    /** Default cap on remembered recent answers. */
    public static final long DEFAULT_MAXIMUM_RECENT = 10_000;

    /** Where an answer came from. */
    public enum Source {
        /** This call went upstream. */
        UPSTREAM,
        /** This call shared an identical call already in flight. */
        SHARED,
        /** This call got the answer another poll fetched less than {@code minPollInterval} ago. */
        RECENT
    }

    /** An answer and where it came from; {@link #isCoalesced()} when no upstream call was made for it. */
    public record Coalesced(CompletionStage<CachedAnswer> answer, Source source) {
        public boolean isCoalesced() {
            return source != Source.UPSTREAM;
        }
    }

    private final ConcurrentHashMap<CacheKey, CompletableFuture<CachedAnswer>> inFlight = new ConcurrentHashMap<>();
    private final Cache<CacheKey, CachedAnswer> recent;

    /** Sharing only, no minimum poll interval. */
    public PollCoalescer() {
        this(Duration.ZERO, Ticker.systemTicker(), DEFAULT_MAXIMUM_RECENT);
    }

    /**
     * @param minPollInterval answers younger than this are replayed instead of polling upstream; zero turns this off
     * @param ticker the time source; tests pass a fake one
     * @param maximumRecent cap on remembered answers
     */
    public PollCoalescer(Duration minPollInterval, Ticker ticker, long maximumRecent) {
        Objects.requireNonNull(minPollInterval, "minPollInterval");
        this.recent = minPollInterval.isZero() || minPollInterval.isNegative()
                ? null
                : Caffeine.newBuilder()
                        .ticker(ticker)
                        .executor(Runnable::run)
                        .maximumSize(maximumRecent)
                        .expireAfterWrite(minPollInterval)
                        .build();
    }

    /** The answer to {@code key}: shared with an identical call in flight, recent, or from {@code call}. */
    public CompletionStage<CachedAnswer> coalesce(CacheKey key, Supplier<CompletionStage<CachedAnswer>> call) {
        return join(key, call).answer();
    }

    /** As {@link #coalesce}, also telling whether an upstream call was made for this request. */
    public Coalesced join(CacheKey key, Supplier<CompletionStage<CachedAnswer>> call) {
        if (recent != null) {
            CachedAnswer known = recent.getIfPresent(key);
            if (known != null) {
                return new Coalesced(CompletableFuture.completedFuture(known), Source.RECENT);
            }
        }
        CompletableFuture<CachedAnswer> mine = new CompletableFuture<>();
        CompletableFuture<CachedAnswer> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            return new Coalesced(existing.copy(), Source.SHARED);
        }
        CompletionStage<CachedAnswer> upstream;
        try {
            upstream = call.get();
        } catch (RuntimeException e) {
            upstream = CompletableFuture.failedFuture(e);
        }
        upstream.whenComplete((answer, error) -> {
            if (error == null && recent != null && answer.response().status() == 200) {
                recent.put(key, answer);
            }
            inFlight.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(answer);
            }
        });
        return new Coalesced(mine.copy(), Source.UPSTREAM);
    }

    /** Calls in flight now, for tests and a gauge. */
    public int inFlight() {
        return inFlight.size();
    }
}
