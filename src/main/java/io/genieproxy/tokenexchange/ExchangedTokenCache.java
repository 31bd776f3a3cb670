package io.genieproxy.tokenexchange;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.genieproxy.auth.BearerCredential;
import io.genieproxy.auth.CallerIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Caches exchanged tokens per caller (identity key, plus the caller token's fingerprint when the
 * strategy derives from it) and workspace, so that concurrent requests of one caller share one
 * exchange and a token is replaced once less than {@code max(minRemaining, fraction × lifetime)}
 * is left; failed exchanges are not cached.
 */
public final class ExchangedTokenCache implements TokenExchanger {

    /** Replace a token once it has less than this left. */
    public static final Duration DEFAULT_MIN_REMAINING = Duration.ofSeconds(60);
    /** ... or less than this share of its lifetime. */
    public static final double DEFAULT_MIN_REMAINING_FRACTION = 0.10;

    private record Key(String strategy, String caller, String credential, String workspace) {
    }

    private final TokenExchanger delegate;
    private final AsyncCache<Key, UpstreamToken> tokens;

    /**
     * @param delegate the exchange strategy
     * @param maximumSize the most tokens kept
     * @param minRemaining replace a token when less than this is left
     * @param minRemainingFraction ... or less than this share of its lifetime (0 to 1)
     * @param clock the time source (tests advance it instead of sleeping)
     */
    public ExchangedTokenCache(TokenExchanger delegate, long maximumSize, Duration minRemaining,
                               double minRemainingFraction, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(minRemaining, "minRemaining");
        Objects.requireNonNull(clock, "clock");
        if (minRemainingFraction < 0 || minRemainingFraction >= 1) {
            throw new IllegalArgumentException("minRemainingFraction must be in [0, 1)");
        }
        this.tokens = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new RefreshBeforeExpiry(clock, minRemaining, minRemainingFraction))
                .buildAsync();
    }

    /** With the default margins: 60 s or 10 % of the lifetime, whichever is more. */
    public ExchangedTokenCache(TokenExchanger delegate, long maximumSize, Clock clock) {
        this(delegate, maximumSize, DEFAULT_MIN_REMAINING, DEFAULT_MIN_REMAINING_FRACTION, clock);
    }

    @Override
    public CompletionStage<UpstreamToken> tokenFor(CallerIdentity caller, BearerCredential callerToken, String workspaceUrl) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callerToken, "callerToken");
        Key key = new Key(delegate.strategy(), caller.key(),
                delegate.bindsCallerCredential() ? callerToken.fingerprint() : "",
                WorkspaceUrls.normalise(workspaceUrl));
        return tokens.get(key, (k, executor) ->
                delegate.tokenFor(caller, callerToken, workspaceUrl).toCompletableFuture());
    }

    /** Drops every token cached for this caller, for when the workspace refuses one (401, or 403 for a bad token). */
    public void invalidate(CallerIdentity caller) {
        String callerKey = caller.key();
        tokens.synchronous().asMap().keySet().removeIf(k -> k.caller().equals(callerKey));
    }

    /** How many tokens are cached now (approximate), for metrics. */
    public long size() {
        return tokens.synchronous().estimatedSize();
    }

    @Override
    public String strategy() {
        return delegate.strategy();
    }

    @Override
    public boolean bindsCallerCredential() {
        return delegate.bindsCallerCredential();
    }

    /** Keeps a token until its refresh point; a token without a known expiry is not kept. */
    private static final class RefreshBeforeExpiry implements Expiry<Key, UpstreamToken> {
        private final Clock clock;
        private final Duration minRemaining;
        private final double fraction;

        RefreshBeforeExpiry(Clock clock, Duration minRemaining, double fraction) {
            this.clock = clock;
            this.minRemaining = minRemaining;
            this.fraction = fraction;
        }

        private long nanosToKeep(UpstreamToken token) {
            if (token.expiresAt() == null) {
                return 0;
            }
            Duration left = Duration.between(Instant.ofEpochMilli(clock.millis()), token.expiresAt());
            if (left.isNegative() || left.isZero()) {
                return 0;
            }
            long marginNanos = Math.max(minRemaining.toNanos(), (long) (left.toNanos() * fraction));
            return Math.max(0, left.toNanos() - marginNanos);
        }

        @Override
        public long expireAfterCreate(Key key, UpstreamToken value, long currentTime) {
            return nanosToKeep(value);
        }

        @Override
        public long expireAfterUpdate(Key key, UpstreamToken value, long currentTime, long currentDuration) {
            return nanosToKeep(value);
        }

        @Override
        public long expireAfterRead(Key key, UpstreamToken value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
