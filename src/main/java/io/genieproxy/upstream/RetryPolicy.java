package io.genieproxy.upstream;

import io.genieproxy.genie.GenieRoute;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Decides whether and when a failed upstream attempt is tried again: only idempotent requests
 * (never a question), only after a connect error or a 502/503/504, with jittered exponential
 * backoff or the upstream's {@code Retry-After}, and only while the retry budget lasts.
 *
 * <p>The budget caps retries at {@code budgetRatio} of the requests seen over a sliding window
 * (plus a small floor so a quiet proxy can still retry), so that during an outage retries cannot
 * multiply the load on a workspace that is already failing. Clients retry on their own as well
 * (the Java SDK up to 4 attempts), which is why the default is a single extra attempt.
 *
 * <p>Thread-safe. Call {@link #onRequest()} once per incoming request, then {@link #afterResponse}
 * or {@link #afterError} after each failed attempt.
 */
public final class RetryPolicy {
    /**
     * @param maxAttempts attempts in all, the first included; default 2
     * @param baseDelay the first backoff; default 200 ms
     * @param maxDelay the longest backoff; default 2 s
     * @param maxRetryAfter the longest {@code Retry-After} worth waiting for inside the proxy; a
     *     longer one is passed to the client instead; default 5 s
     * @param budgetRatio retries allowed per request over the window; default 0.2
     * @param minRetriesPerWindow retries always allowed per window however few the requests; default 10
     * @param budgetWindow the sliding window of the budget; default 10 s
     */
    public record Settings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
                           double budgetRatio, int minRetriesPerWindow, Duration budgetWindow) {
        public static final Settings DEFAULTS = new Settings(2, Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 0.2, 10, Duration.ofSeconds(10));

        public Settings {
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            Objects.requireNonNull(budgetWindow, "budgetWindow");
            if (maxAttempts < 1 || budgetRatio < 0 || minRetriesPerWindow < 0 || baseDelay.isNegative()
                    || maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("invalid retry settings: " + this);
            }
        }
    }

    /**
     * The verdict on one failed attempt.
     *
     * @param retry whether to try again
     * @param delay how long to wait first (zero when not retrying)
     * @param reason a bounded label: {@code retry}, {@code question}, {@code not_idempotent},
     *     {@code not_retryable}, {@code attempts_exhausted}, {@code retry_after_too_long}, {@code budget_exhausted}
     */
    public record Decision(boolean retry, Duration delay, String reason) {
        static Decision no(String reason) {
            return new Decision(false, Duration.ZERO, reason);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final SlidingWindowCounts budget;

    /** @param random the jitter source; tests pass a seeded one */
    public RetryPolicy(Settings settings, Clock clock, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.budget = new SlidingWindowCounts(settings.budgetWindow(), 10, clock);
    }

    /** Counts one incoming request (not an attempt) towards the budget. */
    public synchronized void onRequest() {
        budget.record(false);
    }

    /**
     * After attempt number {@code attemptsMade} (1 for the first) answered {@code status}.
     *
     * @param retryAfter the answer's {@code Retry-After} header, or null
     */
    public Decision afterResponse(GenieRoute route, int attemptsMade, int status, String retryAfter) {
        if (status != 502 && status != 503 && status != 504) {
            return Decision.no("not_retryable");
        }
        Optional<Duration> asked = RetryAfter.parse(retryAfter, clock);
        if (asked.isPresent() && asked.get().compareTo(settings.maxRetryAfter()) > 0) {
            return Decision.no("retry_after_too_long");
        }
        return decide(route, attemptsMade, asked);
    }

    /** After attempt number {@code attemptsMade} failed without an answer. */
    public Decision afterError(GenieRoute route, int attemptsMade, Throwable error) {
        if (!isConnectError(error)) {
            return Decision.no("not_retryable");
        }
        return decide(route, attemptsMade, Optional.empty());
    }

    /**
     * Whether the request certainly never reached the upstream: the connection could not be made.
     * Read timeouts and resets are not, since the upstream may have acted.
     */
    public static boolean isConnectError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private Decision decide(GenieRoute route, int attemptsMade, Optional<Duration> asked) {
        if (route.isQuestion()) {
            return Decision.no("question");
        }
        if (!route.isIdempotent()) {
            return Decision.no("not_idempotent");
        }
        if (attemptsMade >= settings.maxAttempts()) {
            return Decision.no("attempts_exhausted");
        }
        synchronized (this) {
            double allowed = settings.minRetriesPerWindow() + settings.budgetRatio() * budget.all();
            if (budget.marked() + 1 > allowed) {
                return Decision.no("budget_exhausted");
            }
            budget.recordMarkedOnly();
        }
        return new Decision(true, asked.orElseGet(() -> backoff(attemptsMade)), "retry");
    }

    /** Exponential backoff with equal jitter: half the step fixed, half random, never above {@code maxDelay}. */
    private Duration backoff(int attemptsMade) {
        long base = settings.baseDelay().toMillis();
        long step = Math.min(settings.maxDelay().toMillis(), base << Math.min(30, attemptsMade - 1));
        long half = step / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }
}
