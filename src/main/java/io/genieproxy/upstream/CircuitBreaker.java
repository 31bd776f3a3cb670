package io.genieproxy.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Stops sending requests to a workspace that keeps failing, and lets a few probes through after a
 * cool-down to find out whether it has recovered.
 *
 * <p>CLOSED: every call passes; opens after {@code consecutiveFailures} failures in a row, or when
 * at least {@code minimumCalls} calls in the {@code window} failed at {@code failureRateThreshold}
 * or more. OPEN: every call is refused with the time left of {@code openFor}. HALF_OPEN (once
 * {@code openFor} has passed): {@code halfOpenProbes} calls pass; one failure opens again, that
 * many successes close. Results of calls admitted before the last state change are ignored, so a
 * slow failure from before an opening cannot re-open a recovering circuit. Thread-safe.
 */
public final class CircuitBreaker {
    /** The circuit's state; {@link #gaugeValue()} is what the {@code genie.proxy.circuit.state} gauge reports. */
    public enum State {
        CLOSED(0), HALF_OPEN(1), OPEN(2);

        private final int gaugeValue;

        State(int gaugeValue) {
            this.gaugeValue = gaugeValue;
        }

        public int gaugeValue() {
            return gaugeValue;
        }
    }

    /**
     * @param consecutiveFailures failures in a row that open the circuit; default 5
     * @param failureRateThreshold the failure share in the window that opens it, in (0, 1]; default 0.5
     * @param minimumCalls calls in the window before the rate counts; default 20
     * @param window the sliding window for the rate; default 30 s
     * @param openFor how long the circuit refuses before probing; default 15 s
     * @param halfOpenProbes calls let through while half-open; default 1
     */
    public record Settings(int consecutiveFailures, double failureRateThreshold, int minimumCalls, Duration window,
                           Duration openFor, int halfOpenProbes) {
        public static final Settings DEFAULTS = new Settings(5, 0.5, 20, Duration.ofSeconds(30), Duration.ofSeconds(15), 1);

        public Settings {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(openFor, "openFor");
            if (consecutiveFailures < 1 || !(failureRateThreshold > 0 && failureRateThreshold <= 1) || minimumCalls < 1
                    || halfOpenProbes < 1 || openFor.isNegative()) {
                throw new IllegalArgumentException("invalid circuit breaker settings: " + this);
            }
        }
    }

    /**
     * Whether a call may go upstream now; pass it back to {@link #onSuccess} or {@link #onFailure}.
     *
     * @param allowed whether to make the call
     * @param retryAfter when refused, how long until the circuit probes again
     * @param state the state that decided
     */
    public record Admission(boolean allowed, Duration retryAfter, State state, long generation) {
    }

    /** Hears state changes, for logs and the gauge. */
    public interface Listener {
        Listener NONE = (name, from, to) -> {
        };

        void onStateChange(String name, State from, State to);
    }

    private final String name;
    private final Settings settings;
    private final Clock clock;
    private final Listener listener;
    private final SlidingWindowCounts calls;
    private State state = State.CLOSED;
    private long generation;
    private int failuresInARow;
    private long openedAtMillis;
    private long halfOpenSinceMillis;
    private int probesIssued;
    private int probesSucceeded;

    /** @param name what the circuit guards (the workspace id), for logs and the listener */
    public CircuitBreaker(String name, Settings settings, Clock clock, Listener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.calls = new SlidingWindowCounts(settings.window(), 10, clock);
    }

    /** Whether an upstream status counts as the workspace failing: 5xx except 501; a 429 is a budget, not a failure. */
    public static boolean countsAsFailure(int status) {
        return status >= 500 && status != 501;
    }

    public String name() {
        return name;
    }

    public synchronized State state() {
        advanceInTime();
        return state;
    }

    public synchronized Admission tryAcquire() {
        advanceInTime();
        long now = clock.millis();
        switch (state) {
            case CLOSED:
                return new Admission(true, Duration.ZERO, state, generation);
            case OPEN:
                return new Admission(false, Duration.ofMillis(openedAtMillis + settings.openFor().toMillis() - now), state, generation);
            default:
                if (probesIssued >= settings.halfOpenProbes() && now - halfOpenSinceMillis >= settings.openFor().toMillis()) {
                    probesIssued = probesSucceeded;
                    halfOpenSinceMillis = now;
                }
                if (probesIssued < settings.halfOpenProbes()) {
                    probesIssued++;
                    return new Admission(true, Duration.ZERO, state, generation);
                }
                return new Admission(false, Duration.ofMillis(halfOpenSinceMillis + settings.openFor().toMillis() - now), state, generation);
        }
    }

    public synchronized void onSuccess(Admission admission) {
        if (!admission.allowed() || admission.generation() != generation) {
            return;
        }
        if (state == State.HALF_OPEN) {
            if (++probesSucceeded >= settings.halfOpenProbes()) {
                moveTo(State.CLOSED);
            }
            return;
        }
        failuresInARow = 0;
        calls.record(false);
    }

    public synchronized void onFailure(Admission admission) {
        if (!admission.allowed() || admission.generation() != generation) {
            return;
        }
        if (state == State.HALF_OPEN) {
            moveTo(State.OPEN);
            return;
        }
        failuresInARow++;
        calls.record(true);
        long all = calls.all();
        boolean rateTooHigh = all >= settings.minimumCalls() && calls.marked() >= settings.failureRateThreshold() * all;
        if (failuresInARow >= settings.consecutiveFailures() || rateTooHigh) {
            moveTo(State.OPEN);
        }
    }

    private void advanceInTime() {
        if (state == State.OPEN && clock.millis() - openedAtMillis >= settings.openFor().toMillis()) {
            moveTo(State.HALF_OPEN);
        }
    }

    private void moveTo(State next) {
        State previous = state;
        state = next;
        generation++;
        long now = clock.millis();
        switch (next) {
            case OPEN -> openedAtMillis = now;
            case HALF_OPEN -> {
                halfOpenSinceMillis = now;
                probesIssued = 0;
                probesSucceeded = 0;
            }
            case CLOSED -> {
                failuresInARow = 0;
                calls.clear();
            }
        }
        listener.onStateChange(name, previous, next);
    }
}
