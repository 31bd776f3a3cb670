package io.genieproxy.ratelimit;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the shared limiter (Redis) first and, while it is unreachable, keeps limiting: locally at a
 * conservative share of each budget ({@link FailureMode#LOCAL}, the default) or by refusing every
 * question ({@link FailureMode#REJECT}); it never lets questions through unlimited.
 *
 * <p>During an outage it does not wait for a timeout on every request: requests are decided
 * locally and one request per {@code probeInterval} tries the shared limiter; the first answer
 * from it ends the outage. One warning is logged when an outage starts and one line when it ends,
 * and the listener hears {@code onFallback} and {@code onRecovery} once each.
 */
public final class FallbackRateLimiter implements RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackRateLimiter.class);

    /** What to do while the shared limiter is unreachable. */
    public enum FailureMode {
        /** Limit in this process at {@code fallbackShare} of each budget (fails partly open, bounded). */
        LOCAL,
        /** Refuse every question with source {@code unavailable} (fails closed: render as 503). */
        REJECT
    }

    /**
     * @param failureMode what to do while the shared limiter is unreachable; default {@code LOCAL}
     * @param fallbackShare the share of each budget one replica may use alone, in (0, 1]; default
     *     {@code 1 / replicas} so that all replicas together stay within the budget
     * @param probeInterval during an outage, how often one request tries the shared limiter again; default 1 s
     * @param refusalRetryAfter the {@code Retry-After} of a {@code REJECT} refusal; default 5 s
     */
    public record Settings(FailureMode failureMode, double fallbackShare, Duration probeInterval, Duration refusalRetryAfter) {
        public Settings {
            Objects.requireNonNull(failureMode, "failureMode");
            Objects.requireNonNull(probeInterval, "probeInterval");
            Objects.requireNonNull(refusalRetryAfter, "refusalRetryAfter");
            if (!(fallbackShare > 0 && fallbackShare <= 1)) {
                throw new IllegalArgumentException("fallbackShare must be in (0, 1], was " + fallbackShare);
            }
        }

        /** The defaults for a deployment of {@code replicas} proxies: LOCAL at 1/replicas, probe every second. */
        public static Settings forReplicas(int replicas) {
            if (replicas < 1) {
                throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
            }
            return new Settings(FailureMode.LOCAL, 1.0 / replicas, Duration.ofSeconds(1), Duration.ofSeconds(5));
        }
    }

    private final RateLimiter shared;
    private final LocalRateLimiter local;
    private final Settings settings;
    private final Clock clock;
    private final RateLimitListener listener;
    private final AtomicReference<Outage> outage = new AtomicReference<>();

    /**
     * @param shared the limiter to prefer, normally a {@link RedisRateLimiter}
     * @param local the limiter used during an outage (its own state, separate from any other use)
     */
    public FallbackRateLimiter(RateLimiter shared, LocalRateLimiter local, Settings settings, Clock clock, RateLimitListener listener) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = Objects.requireNonNull(local, "local");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquire(RateLimitKey key, RateLimitRule rule) {
        Outage current = outage.get();
        if (current != null && !current.claimProbe(clock.millis(), settings.probeInterval().toMillis())) {
            return CompletableFuture.completedFuture(fallbackDecision(key, rule));
        }
        CompletionStage<RateLimitDecision> asked;
        try {
            asked = shared.tryAcquire(key, rule);
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        return asked.handle((decision, error) -> {
            if (error == null) {
                recovered();
                return decision;
            }
            unreachable(error);
            return fallbackDecision(key, rule);
        });
    }

    /** Whether the shared limiter is currently considered unreachable. */
    public boolean isInOutage() {
        return outage.get() != null;
    }

    private RateLimitDecision fallbackDecision(RateLimitKey key, RateLimitRule rule) {
        if (settings.failureMode() == FailureMode.REJECT) {
            Duration wait = settings.refusalRetryAfter();
            return new RateLimitDecision(false, rule.burst(), 0, wait, wait, RateLimitDecision.UNAVAILABLE);
        }
        return local.decide(key, rule.share(settings.fallbackShare())).withSource(RateLimitDecision.FALLBACK);
    }

    private void unreachable(Throwable error) {
        long now = clock.millis();
        Outage started = new Outage(Instant.ofEpochMilli(now), now + settings.probeInterval().toMillis());
        if (outage.compareAndSet(null, started)) {
            String reason = reason(error);
            LOG.warn("Shared rate limiter unreachable ({}: {}); limiting {} until it answers again",
                    reason, rootCause(error).toString(),
                    settings.failureMode() == FailureMode.LOCAL
                            ? "locally at a share of " + settings.fallbackShare() + " of each budget"
                            : "by refusing every question");
            listener.onFallback(reason);
        }
    }

    private void recovered() {
        Outage ended = outage.getAndSet(null);
        if (ended != null) {
            Duration lasted = Duration.between(ended.since(), clock.instant());
            LOG.info("Shared rate limiter answers again after {}", lasted);
            listener.onRecovery(lasted);
        }
    }

    static String reason(Throwable error) {
        Throwable root = rootCause(error);
        if (root instanceof TimeoutException || root.getClass().getSimpleName().contains("Timeout")) {
            return "timeout";
        }
        if (root instanceof ConnectException || root.getClass().getSimpleName().contains("Connection")
                || (root.getMessage() != null && root.getMessage().contains("not connected"))) {
            return "connection";
        }
        return "error";
    }

    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** One outage: when it started and when the next probe of the shared limiter is due. */
    private static final class Outage {
        private final Instant since;
        private final AtomicLong nextProbeAtMillis;

        Outage(Instant since, long nextProbeAtMillis) {
            this.since = since;
            this.nextProbeAtMillis = new AtomicLong(nextProbeAtMillis);
        }

        Instant since() {
            return since;
        }

        /** Whether the caller won the right to probe now (at most one caller per interval). */
        boolean claimProbe(long nowMillis, long intervalMillis) {
            long due = nextProbeAtMillis.get();
            return nowMillis >= due && nextProbeAtMillis.compareAndSet(due, nowMillis + intervalMillis);
        }
    }
}
