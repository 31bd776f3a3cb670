package io.genieproxy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.genieproxy.genie.GenieOperation;
import io.genieproxy.genie.GenieRoute;
import io.genieproxy.upstream.BufferedResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Per-caller answers held in memory, bounded by bytes, each kept as long as its kind allows:
 * query results and terminal messages for the full TTL, metadata and list pages for a short one.
 *
 * <p>Only {@code 200} answers of cacheable operations are stored, never one that sets a cookie, and
 * a message ({@link GenieOperation.Caching#WHEN_TERMINAL}) only when {@code isTerminalMessage}
 * says its status is final. The caller must pass redacted bodies only.
 *
 * <p>Writes invalidate by id, across all callers ({@link #invalidateAfterWrite}): removing an entry
 * never shows anyone anything, so a deletion clears every caller's copies. It scans the keys
 * (O(entries)); writes are rare next to reads and the byte bound keeps the key set small, so a
 * secondary index is not worth its upkeep.
 */
public final class ResponseCache {
    /**
     * @param ttl how long immutable answers (query results, terminal messages) are kept; zero disables the cache
     * @param metadataTtl the cap for metadata and list pages, which can change: they keep {@code min(ttl, metadataTtl)}
     * @param maximumWeightBytes the approximate bytes all entries may hold ({@link BufferedResponse#weight()})
     */
    public record Settings(Duration ttl, Duration metadataTtl, long maximumWeightBytes) {
        /** Defaults: 10 minutes, 30 seconds for metadata, 64 MiB. */
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), Duration.ofSeconds(30), 64L << 20);

        public Settings {
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(metadataTtl, "metadataTtl");
            if (ttl.isNegative() || metadataTtl.isNegative() || maximumWeightBytes < 0) {
                throw new IllegalArgumentException("cache TTLs and size must not be negative");
            }
        }
    }

    private final Settings settings;
    private final Predicate<BufferedResponse> isTerminalMessage;
    private final Cache<CacheKey, Entry> entries;

    /**
     * @param ticker the time source; tests pass a fake one
     * @param isTerminalMessage whether a message answer has reached a final status (the genie
     *     package knows the JSON); {@code r -> false} never caches messages
     */
    public ResponseCache(Settings settings, Ticker ticker, Predicate<BufferedResponse> isTerminalMessage) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.isTerminalMessage = Objects.requireNonNull(isTerminalMessage, "isTerminalMessage");
        this.entries = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumWeight(settings.maximumWeightBytes())
                .<CacheKey, Entry>weigher((key, entry) -> entry.answer().response().weight())
                .expireAfter(new PerEntryTtl())
                .build();
    }

    public boolean isEnabled() {
        return !settings.ttl().isZero() && settings.maximumWeightBytes() > 0;
    }

    /** The cached answer for {@code key}, if present and fresh. */
    public Optional<CachedAnswer> get(CacheKey key) {
        if (!isEnabled()) {
            return Optional.empty();
        }
        Entry entry = entries.getIfPresent(key);
        return entry == null ? Optional.empty() : Optional.of(entry.answer());
    }

    /**
     * Stores {@code answer} under {@code key} when its response may be cached.
     *
     * @return whether it was stored
     */
    public boolean put(CacheKey key, CachedAnswer answer) {
        Duration ttl = ttlFor(key.operation(), answer.response());
        if (ttl.isZero()) {
            return false;
        }
        entries.put(key, new Entry(answer, ttl.toNanos()));
        return true;
    }

    /**
     * Forgets what a successful write made stale, for every caller: after a DELETE, everything
     * inside the deleted object; after any write, the metadata and lists at or above it (the
     * space's conversation list after a new conversation, the message list after a new message).
     *
     * @return how many entries were removed
     */
    public int invalidateAfterWrite(String workspaceId, GenieRoute write) {
        String[] scope = CacheKey.idsOf(write);
        boolean deletion = write.method().equals("DELETE");
        int[] removed = {0};
        entries.asMap().keySet().removeIf(key -> {
            boolean stale = (deletion && key.isInside(workspaceId, scope))
                    || (key.operation().caching() == GenieOperation.Caching.METADATA && key.isAbove(workspaceId, scope));
            if (stale) {
                removed[0]++;
            }
            return stale;
        });
        return removed[0];
    }

    /** Approximate bytes held. */
    public long weightBytes() {
        entries.cleanUp();
        return entries.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Zero when the answer must not be stored. */
    private Duration ttlFor(GenieOperation operation, BufferedResponse response) {
        if (!isEnabled() || response.status() != 200 || response.header("Set-Cookie") != null) {
            return Duration.ZERO;
        }
        return switch (operation.caching()) {
            case NONE -> Duration.ZERO;
            case IMMUTABLE, IMMUTABLE_WHEN_SMALL -> settings.ttl();
            case WHEN_TERMINAL -> isTerminalMessage.test(response) ? settings.ttl() : Duration.ZERO;
            case METADATA -> min(settings.ttl(), settings.metadataTtl());
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Entry(CachedAnswer answer, long ttlNanos) {
    }

    /** Each entry lives for the TTL chosen when it was stored; reading does not extend it. */
    private static final class PerEntryTtl implements Expiry<CacheKey, Entry> {
        @Override
        public long expireAfterCreate(CacheKey key, Entry entry, long currentTime) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterUpdate(CacheKey key, Entry entry, long currentTime, long currentDuration) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterRead(CacheKey key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
