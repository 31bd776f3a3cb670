package io.genieproxy.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FallbackRateLimiterTest {
    private static final RateLimitRule TEN_PER_MINUTE = new RateLimitRule(10, 10);
    private static final RateLimitKey WS = RateLimitKey.workspace("ws");

    private final ManualTime time = new ManualTime();
    private final List<String> events = new ArrayList<>();
    private final RateLimitListener listener = new RateLimitListener() {
        @Override
        public void onFallback(String reason) {
            events.add("fallback:" + reason);
        }

        @Override
        public void onRecovery(Duration outage) {
            events.add("recovered after " + outage.toSeconds() + "s");
        }
    };

    /** A shared limiter that is up (allows everything) or down (fails with a given error), counting calls. */
    private static final class SwitchableLimiter implements RateLimiter {
        volatile Throwable failure;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public CompletionStage<RateLimitDecision> tryAcquire(RateLimitKey key, RateLimitRule rule) {
            calls.incrementAndGet();
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            return CompletableFuture.completedFuture(
                    new RateLimitDecision(true, rule.burst(), rule.burst() - 1, Duration.ZERO, Duration.ZERO, RateLimitDecision.REDIS));
        }
    }

    private final SwitchableLimiter shared = new SwitchableLimiter();

    private FallbackRateLimiter limiter(FallbackRateLimiter.Settings settings) {
        return new FallbackRateLimiter(shared, new LocalRateLimiter(time, 1_000), settings, time, listener);
    }

    private static RateLimitDecision join(CompletionStage<RateLimitDecision> d) {
        return d.toCompletableFuture().join();
    }

    @Test
    void usesTheSharedLimiterWhileItAnswers() {
        FallbackRateLimiter limiter = limiter(FallbackRateLimiter.Settings.forReplicas(2));
        assertEquals(RateLimitDecision.REDIS, join(limiter.tryAcquire(WS, TEN_PER_MINUTE)).source());
        assertTrue(events.isEmpty());
    }

    @Test
    void limitsLocallyAtTheConservativeShareWhileTheSharedLimiterIsDown() {
        FallbackRateLimiter limiter = limiter(FallbackRateLimiter.Settings.forReplicas(2));
        shared.failure = new TimeoutException("200 ms");
        int allowed = 0;
        for (int i = 0; i < 20; i++) {
            RateLimitDecision d = join(limiter.tryAcquire(WS, TEN_PER_MINUTE));
            assertEquals(RateLimitDecision.FALLBACK, d.source());
            if (d.allowed()) {
                allowed++;
            }
        }
        assertEquals(5, allowed, "half of a burst of 10 with two replicas, never unlimited");
        assertTrue(limiter.isInOutage());
    }

    @Test
    void reportsOneFallbackPerOutageNotOnePerRequest() {
        FallbackRateLimiter limiter = limiter(FallbackRateLimiter.Settings.forReplicas(3));
        shared.failure = new ConnectException("refused");
        for (int i = 0; i < 50; i++) {
            join(limiter.tryAcquire(WS, TEN_PER_MINUTE));
        }
        assertEquals(List.of("fallback:connection"), events);
    }

    @Test
    void probesTheSharedLimiterOncePerIntervalDuringAnOutage() {
        FallbackRateLimiter limiter = limiter(FallbackRateLimiter.Settings.forReplicas(2));
        shared.failure = new TimeoutException();
        join(limiter.tryAcquire(WS, TEN_PER_MINUTE));
        for (int i = 0; i < 10; i++) {
            join(limiter.tryAcquire(WS, TEN_PER_MINUTE));
        }
        assertEquals(1, shared.calls.get(), "no request waits for a timeout while the outage is known");
        time.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) {
            join(limiter.tryAcquire(WS, TEN_PER_MINUTE));
        }
        assertEquals(2, shared.calls.get(), "one probe after the probe interval");
    }

    @Test
    void returnsToTheSharedLimiterWhenItAnswersAgain() {
        FallbackRateLimiter limiter = limiter(FallbackRateLimiter.Settings.forReplicas(2));
        shared.failure = new TimeoutException();
        join(limiter.tryAcquire(WS, TEN_PER_MINUTE));
        shared.failure = null;
        time.advance(Duration.ofSeconds(5));
        assertEquals(RateLimitDecision.REDIS, join(limiter.tryAcquire(WS, TEN_PER_MINUTE)).source());
        assertFalse(limiter.isInOutage());
        assertEquals(List.of("fallback:timeout", "recovered after 5s"), events);
    }

    @Test
    void rejectModeRefusesEveryQuestionWhileTheSharedLimiterIsDown() {
        FallbackRateLimiter limiter = limiter(new FallbackRateLimiter.Settings(
                FallbackRateLimiter.FailureMode.REJECT, 0.5, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        shared.failure = new TimeoutException();
        for (int i = 0; i < 3; i++) {
            RateLimitDecision d = join(limiter.tryAcquire(WS, TEN_PER_MINUTE));
            assertFalse(d.allowed());
            assertTrue(d.isUnavailable());
            assertEquals("5", d.headers().get("Retry-After"));
        }
    }

    @Test
    void aSharedLimiterThatThrowsIsTreatedAsDown() {
        RateLimiter throwing = (key, rule) -> {
            throw new IllegalStateException("connection closed");
        };
        FallbackRateLimiter limiter = new FallbackRateLimiter(throwing, new LocalRateLimiter(time, 10),
                FallbackRateLimiter.Settings.forReplicas(2), time, listener);
        assertEquals(RateLimitDecision.FALLBACK, join(limiter.tryAcquire(WS, TEN_PER_MINUTE)).source());
        assertEquals(List.of("fallback:error"), events);
    }
}
