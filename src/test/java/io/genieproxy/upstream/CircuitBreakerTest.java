package io.genieproxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.ratelimit.ManualTime;
import io.genieproxy.upstream.CircuitBreaker.Admission;
import io.genieproxy.upstream.CircuitBreaker.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final ManualTime time = new ManualTime();
    private final List<String> changes = new ArrayList<>();
    private final CircuitBreaker.Listener listener = (name, from, to) -> changes.add(name + ":" + from + "->" + to);
    private final CircuitBreaker.Settings settings = new CircuitBreaker.Settings(3, 0.5, 10, Duration.ofSeconds(30),
            Duration.ofSeconds(15), 2);
    private final CircuitBreaker breaker = new CircuitBreaker("ws-1", settings, time, listener);

    private void fail() {
        breaker.onFailure(breaker.tryAcquire());
    }

    private void succeed() {
        breaker.onSuccess(breaker.tryAcquire());
    }

    @Test
    void opensAfterConsecutiveFailures() {
        fail();
        fail();
        succeed();
        fail();
        fail();
        assertEquals(State.CLOSED, breaker.state(), "a success in between resets the run");
        fail();
        assertEquals(State.OPEN, breaker.state());
        assertEquals(List.of("ws-1:CLOSED->OPEN"), changes);
    }

    @Test
    void opensWhenTheFailureRateInTheWindowIsTooHigh() {
        CircuitBreaker rate = new CircuitBreaker("ws-1", new CircuitBreaker.Settings(100, 0.5, 10, Duration.ofSeconds(30),
                Duration.ofSeconds(15), 1), time, listener);
        for (int i = 0; i < 9; i++) {
            Admission a = rate.tryAcquire();
            if (i % 2 == 0) {
                rate.onFailure(a);
            } else {
                rate.onSuccess(a);
            }
        }
        assertEquals(State.CLOSED, rate.state(), "5 of 9 failed, but fewer than the minimum 10 calls");
        rate.onSuccess(rate.tryAcquire());
        rate.onFailure(rate.tryAcquire());
        assertEquals(State.OPEN, rate.state(), "6 of 11 failed");
    }

    @Test
    void oldFailuresSlideOutOfTheWindow() {
        CircuitBreaker rate = new CircuitBreaker("ws-1", new CircuitBreaker.Settings(100, 0.5, 10, Duration.ofSeconds(30),
                Duration.ofSeconds(15), 1), time, listener);
        for (int i = 0; i < 9; i++) {
            rate.onFailure(rate.tryAcquire());
            rate.onSuccess(rate.tryAcquire());
        }
        time.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 9; i++) {
            rate.onSuccess(rate.tryAcquire());
        }
        rate.onFailure(rate.tryAcquire());
        assertEquals(State.CLOSED, rate.state());
    }

    @Test
    void refusesWithTheTimeLeftWhileOpen() {
        fail();
        fail();
        fail();
        Admission refused = breaker.tryAcquire();
        assertFalse(refused.allowed());
        assertEquals(Duration.ofSeconds(15), refused.retryAfter());
        time.advance(Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(5), breaker.tryAcquire().retryAfter());
    }

    @Test
    void letsTheConfiguredProbesThroughAfterTheCoolDownAndClosesWhenTheySucceed() {
        fail();
        fail();
        fail();
        time.advance(Duration.ofSeconds(15));
        assertEquals(State.HALF_OPEN, breaker.state());
        Admission probe1 = breaker.tryAcquire();
        Admission probe2 = breaker.tryAcquire();
        assertTrue(probe1.allowed() && probe2.allowed());
        assertFalse(breaker.tryAcquire().allowed(), "only two probes at a time");
        breaker.onSuccess(probe1);
        assertEquals(State.HALF_OPEN, breaker.state());
        breaker.onSuccess(probe2);
        assertEquals(State.CLOSED, breaker.state());
        assertEquals(List.of("ws-1:CLOSED->OPEN", "ws-1:OPEN->HALF_OPEN", "ws-1:HALF_OPEN->CLOSED"), changes);
    }

    @Test
    void aFailedProbeOpensTheCircuitAgain() {
        fail();
        fail();
        fail();
        time.advance(Duration.ofSeconds(15));
        breaker.onFailure(breaker.tryAcquire());
        assertEquals(State.OPEN, breaker.state());
        assertEquals(Duration.ofSeconds(15), breaker.tryAcquire().retryAfter(), "a full cool-down again");
    }

    @Test
    void aLateFailureFromBeforeTheOpeningDoesNotReopenARecoveringCircuit() {
        Admission slow = breaker.tryAcquire();
        fail();
        fail();
        fail();
        time.advance(Duration.ofSeconds(15));
        Admission probe = breaker.tryAcquire();
        breaker.onFailure(slow);
        assertEquals(State.HALF_OPEN, breaker.state());
        breaker.onSuccess(probe);
        breaker.onSuccess(breaker.tryAcquire());
        assertEquals(State.CLOSED, breaker.state());
    }

    @Test
    void probesThatNeverReportAreReplacedAfterAnotherCoolDown() {
        fail();
        fail();
        fail();
        time.advance(Duration.ofSeconds(15));
        breaker.tryAcquire();
        breaker.tryAcquire();
        assertFalse(breaker.tryAcquire().allowed());
        time.advance(Duration.ofSeconds(15));
        assertTrue(breaker.tryAcquire().allowed(), "lost probes do not hold the circuit half-open forever");
    }

    @Test
    void countsServerErrorsButNotRateLimitsAsFailures() {
        assertTrue(CircuitBreaker.countsAsFailure(502));
        assertTrue(CircuitBreaker.countsAsFailure(503));
        assertFalse(CircuitBreaker.countsAsFailure(501));
        assertFalse(CircuitBreaker.countsAsFailure(429));
        assertFalse(CircuitBreaker.countsAsFailure(404));
    }

    @Test
    void keepsOneCircuitPerWorkspace() {
        CircuitBreakers breakers = new CircuitBreakers(settings, time, listener);
        for (int i = 0; i < 3; i++) {
            CircuitBreaker b = breakers.forWorkspace("ws-a");
            b.onFailure(b.tryAcquire());
        }
        assertTrue(breakers.forWorkspace("ws-b").tryAcquire().allowed());
        assertEquals(Map.of("ws-a", State.OPEN, "ws-b", State.CLOSED), breakers.states());
        assertEquals(2, breakers.states().get("ws-a").gaugeValue());
    }
}
