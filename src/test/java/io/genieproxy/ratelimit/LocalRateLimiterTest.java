package io.genieproxy.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
    private static final RateLimitRule FIVE_PER_MINUTE = new RateLimitRule(5, 5);
    private static final RateLimitKey WORKSPACE = RateLimitKey.workspace("ws-1");

    private final ManualTime time = new ManualTime();
    private final LocalRateLimiter limiter = new LocalRateLimiter(time, 1_000);

    @Test
    void allowsTheBurstThenOneQuestionEveryTwelveSeconds() {
        for (int i = 0; i < 5; i++) {
            RateLimitDecision d = limiter.decide(WORKSPACE, FIVE_PER_MINUTE);
            assertTrue(d.allowed(), "burst permit " + i);
            assertEquals(4 - i, d.remaining());
        }
        RateLimitDecision refused = limiter.decide(WORKSPACE, FIVE_PER_MINUTE);
        assertFalse(refused.allowed());
        assertEquals(Duration.ofSeconds(12), refused.retryAfter());
        assertEquals(Duration.ofSeconds(60), refused.resetAfter());

        for (int round = 0; round < 10; round++) {
            time.advance(Duration.ofSeconds(12).minusMillis(1));
            assertFalse(limiter.decide(WORKSPACE, FIVE_PER_MINUTE).allowed(), "a millisecond early in round " + round);
            time.advance(Duration.ofMillis(1));
            assertTrue(limiter.decide(WORKSPACE, FIVE_PER_MINUTE).allowed(), "on time in round " + round);
            assertFalse(limiter.decide(WORKSPACE, FIVE_PER_MINUTE).allowed(), "only one per interval in round " + round);
        }
    }

    @Test
    void aBurstOfOneSpacesEveryQuestionEvenly() {
        RateLimitRule smooth = new RateLimitRule(5, 1);
        assertTrue(limiter.decide(WORKSPACE, smooth).allowed());
        RateLimitDecision refused = limiter.decide(WORKSPACE, smooth);
        assertFalse(refused.allowed());
        assertEquals(Duration.ofSeconds(12), refused.retryAfter());
        time.advance(Duration.ofSeconds(6));
        assertEquals(Duration.ofSeconds(6), limiter.decide(WORKSPACE, smooth).retryAfter());
    }

    @Test
    void refillsGraduallyRatherThanAllAtOnce() {
        for (int i = 0; i < 5; i++) {
            limiter.decide(WORKSPACE, FIVE_PER_MINUTE);
        }
        time.advance(Duration.ofSeconds(30));
        RateLimitDecision d = limiter.decide(WORKSPACE, FIVE_PER_MINUTE);
        assertTrue(d.allowed());
        assertEquals(1, d.remaining(), "30 s earns two and a half permits: one used now, one left");
    }

    @Test
    void keepsEachKeysBudgetSeparate() {
        for (int i = 0; i < 5; i++) {
            limiter.decide(WORKSPACE, FIVE_PER_MINUTE);
        }
        assertFalse(limiter.decide(WORKSPACE, FIVE_PER_MINUTE).allowed());
        assertTrue(limiter.decide(RateLimitKey.workspace("ws-2"), FIVE_PER_MINUTE).allowed());
        assertTrue(limiter.decide(RateLimitKey.user("ws-1"), FIVE_PER_MINUTE).allowed(), "same id in another scope is another key");
    }

    @Test
    void forgetsAKeyOnceItsBudgetIsFullAgain() {
        for (int i = 0; i < 100; i++) {
            limiter.decide(RateLimitKey.user("u" + i), FIVE_PER_MINUTE);
        }
        assertEquals(100, limiter.trackedKeys());
        time.advance(Duration.ofSeconds(12));
        assertEquals(0, limiter.trackedKeys());
        assertEquals(4, limiter.decide(RateLimitKey.user("u1"), FIVE_PER_MINUTE).remaining());
    }

    @Test
    void headersTellTheClientHowToPaceItself() {
        for (int i = 0; i < 5; i++) {
            limiter.decide(WORKSPACE, FIVE_PER_MINUTE);
        }
        time.advance(Duration.ofMillis(500));
        Map<String, String> refused = limiter.decide(WORKSPACE, FIVE_PER_MINUTE).headers();
        assertEquals("5", refused.get("RateLimit-Limit"));
        assertEquals("0", refused.get("RateLimit-Remaining"));
        assertEquals("12", refused.get("Retry-After"), "11.5 s rounds up so a client honouring it is never early");
        assertEquals("60", refused.get("RateLimit-Reset"));

        Map<String, String> allowed = limiter.decide(RateLimitKey.workspace("fresh"), FIVE_PER_MINUTE).headers();
        assertEquals("4", allowed.get("RateLimit-Remaining"));
        assertEquals("12", allowed.get("RateLimit-Reset"));
        assertFalse(allowed.containsKey("Retry-After"));
    }

    @Test
    void manyThreadsGetExactlyTheBurst() throws Exception {
        RateLimitRule rule = new RateLimitRule(1, 50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger allowed = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                    if (limiter.decide(WORKSPACE, rule).allowed()) {
                        allowed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(50, allowed.get());
    }
}
