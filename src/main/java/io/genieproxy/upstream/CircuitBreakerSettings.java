package io.genieproxy.upstream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The workspace circuit breaker ({@code genie.upstream.circuit.*}); the defaults are
 * {@link CircuitBreaker.Settings#DEFAULTS}. Invalid values stop startup (fail closed).
 *
 * @param consecutiveFailures failures in a row that open the circuit (default 5)
 * @param failureRateThreshold failure share in the window that opens it, in (0, 1] (default 0.5)
 * @param minimumCalls calls in the window before the rate counts (default 20)
 * @param window the sliding window for the rate (default 30s)
 * @param openFor how long an open circuit refuses before it lets a probe through (default 15s)
 * @param halfOpenProbes probes let through while half-open (default 1)
 */
@ConfigurationProperties("genie.upstream.circuit")
public record CircuitBreakerSettings(
        @Bindable(defaultValue = "5") int consecutiveFailures,
        @Bindable(defaultValue = "0.5") double failureRateThreshold,
        @Bindable(defaultValue = "20") int minimumCalls,
        @Bindable(defaultValue = "30s") Duration window,
        @Bindable(defaultValue = "15s") Duration openFor,
        @Bindable(defaultValue = "1") int halfOpenProbes) {

    /** The breaker's settings; throws {@link IllegalArgumentException} naming the values when they are invalid. */
    public CircuitBreaker.Settings toSettings() {
        return new CircuitBreaker.Settings(consecutiveFailures, failureRateThreshold, minimumCalls, window, openFor, halfOpenProbes);
    }
}
