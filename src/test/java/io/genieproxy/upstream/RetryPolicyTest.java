package io.genieproxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.genie.GenieRoute;
import io.genieproxy.genie.GenieRoutes;
import io.genieproxy.ratelimit.ManualTime;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final GenieRoute POLL = GenieRoutes.parse("GET",
            GenieRoutes.PREFIX + "spaces/s1/conversations/c1/messages/m1", null).orElseThrow();
    private static final GenieRoute QUESTION = GenieRoutes.parse("POST",
            GenieRoutes.PREFIX + "spaces/s1/start-conversation", null).orElseThrow();
    private static final GenieRoute FEEDBACK = GenieRoutes.parse("POST",
            GenieRoutes.PREFIX + "spaces/s1/conversations/c1/messages/m1/feedback", null).orElseThrow();

    private final ManualTime time = new ManualTime();

    private RetryPolicy policy(RetryPolicy.Settings settings) {
        return new RetryPolicy(settings, time, new SplittableRandom(7));
    }

    private final RetryPolicy.Settings fourAttempts = new RetryPolicy.Settings(4, Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofSeconds(5), 0.2, 10, Duration.ofSeconds(10));

    @Test
    void retriesAnIdempotentReadAfterA502Or503Or504() {
        RetryPolicy policy = policy(fourAttempts);
        for (int status : new int[] {502, 503, 504}) {
            policy.onRequest();
            assertTrue(policy.afterResponse(POLL, 1, status, null).retry(), "status " + status);
        }
        for (int status : new int[] {400, 404, 429, 500, 501}) {
            assertEquals("not_retryable", policy.afterResponse(POLL, 1, status, null).reason(), "status " + status);
        }
    }

    @Test
    void neverRetriesAQuestionOrAnotherWrite() {
        RetryPolicy policy = policy(fourAttempts);
        policy.onRequest();
        assertEquals("question", policy.afterResponse(QUESTION, 1, 503, null).reason());
        assertEquals("question", policy.afterError(QUESTION, 1, new ConnectException()).reason(),
                "not even when the connection failed: a duplicated question costs the workspace budget");
        assertEquals("not_idempotent", policy.afterResponse(FEEDBACK, 1, 503, null).reason());
    }

    @Test
    void retriesOnlyErrorsThatProveTheRequestNeverLeft() {
        RetryPolicy policy = policy(fourAttempts);
        policy.onRequest();
        assertTrue(policy.afterError(POLL, 1, new ConnectException("refused")).retry());
        assertTrue(policy.afterError(POLL, 1, new IOException(new HttpConnectTimeoutException("slow"))).retry());
        assertFalse(policy.afterError(POLL, 1, new HttpTimeoutException("read timed out")).retry());
        assertFalse(policy.afterError(POLL, 1, new IOException("connection reset")).retry());
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheMaximum() {
        RetryPolicy policy = policy(new RetryPolicy.Settings(10, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 1.0, 100, Duration.ofSeconds(10)));
        long[][] bounds = {{100, 200}, {200, 400}, {400, 800}, {500, 1000}, {500, 1000}};
        for (int attempt = 1; attempt <= bounds.length; attempt++) {
            for (int sample = 0; sample < 20; sample++) {
                long ms = policy.afterResponse(POLL, attempt, 503, null).delay().toMillis();
                assertTrue(ms >= bounds[attempt - 1][0] && ms <= bounds[attempt - 1][1], "attempt " + attempt + " waited " + ms);
            }
        }
    }

    @Test
    void honoursRetryAfterUpToTheCap() {
        RetryPolicy policy = policy(fourAttempts);
        policy.onRequest();
        assertEquals(Duration.ofSeconds(3), policy.afterResponse(POLL, 1, 503, "3").delay());
        assertEquals(Duration.ofSeconds(2), policy.afterResponse(POLL, 1, 503, "Sun, 01 Jun 2025 10:00:02 GMT").delay());
        RetryPolicy.Decision tooLong = policy.afterResponse(POLL, 1, 503, "120");
        assertFalse(tooLong.retry());
        assertEquals("retry_after_too_long", tooLong.reason(), "the client gets the 503 and its Retry-After instead");
    }

    @Test
    void stopsAfterMaxAttempts() {
        RetryPolicy policy = policy(fourAttempts);
        policy.onRequest();
        assertTrue(policy.afterResponse(POLL, 3, 503, null).retry());
        assertEquals("attempts_exhausted", policy.afterResponse(POLL, 4, 503, null).reason());
    }

    @Test
    void theBudgetKeepsRetriesToAFifthOfRequestsDuringAnOutage() {
        RetryPolicy policy = policy(new RetryPolicy.Settings(3, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 0.2, 0, Duration.ofSeconds(10)));
        int retries = 0;
        for (int i = 0; i < 1_000; i++) {
            policy.onRequest();
            if (policy.afterResponse(POLL, 1, 503, null).retry()) {
                retries++;
            }
        }
        assertEquals(200, retries);
        assertEquals("budget_exhausted", policy.afterResponse(POLL, 1, 503, null).reason());
    }

    @Test
    void theBudgetRefillsAsTheWindowSlides() {
        RetryPolicy policy = policy(new RetryPolicy.Settings(3, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 0.2, 2, Duration.ofSeconds(10)));
        assertTrue(policy.afterResponse(POLL, 1, 503, null).retry(), "the floor allows a few retries on a quiet proxy");
        assertTrue(policy.afterResponse(POLL, 1, 503, null).retry());
        assertEquals("budget_exhausted", policy.afterResponse(POLL, 1, 503, null).reason());
        time.advance(Duration.ofSeconds(10));
        assertTrue(policy.afterResponse(POLL, 1, 503, null).retry());
    }
}
