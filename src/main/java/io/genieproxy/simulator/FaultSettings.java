package io.genieproxy.simulator;

import java.time.Duration;

/**
 * Faults the simulator injects into matching requests, changeable at runtime through
 * {@link SimulatedWorkspace#faults(FaultSettings)}. Rates are probabilities from 0 to 1. Faults apply to
 * every Genie path when {@code pathContains} is null, otherwise to any path containing it.
 *
 * @param addedLatency delay before answering (default zero)
 * @param errorRate share of requests answered 500 {@code INTERNAL_ERROR} or 503 {@code TEMPORARILY_UNAVAILABLE}
 * @param throttleRate share of requests answered 429 {@code REQUEST_LIMIT_EXCEEDED} with {@code Retry-After: 1}
 * @param resetRate share of requests whose connection is closed without any response
 * @param slowBodyBytesPerSecond when above zero, response bodies are written at this rate
 * @param pathContains only paths containing this text get faults; null means all Genie paths
 */
public record FaultSettings(
        Duration addedLatency,
        double errorRate,
        double throttleRate,
        double resetRate,
        long slowBodyBytesPerSecond,
        String pathContains) {

    public FaultSettings {
        addedLatency = addedLatency == null ? Duration.ZERO : addedLatency;
        checkRate("errorRate", errorRate);
        checkRate("throttleRate", throttleRate);
        checkRate("resetRate", resetRate);
        if (slowBodyBytesPerSecond < 0) {
            throw new IllegalArgumentException("slowBodyBytesPerSecond must not be negative");
        }
    }

    /** No faults at all. */
    public static FaultSettings none() {
        return new FaultSettings(Duration.ZERO, 0, 0, 0, 0, null);
    }

    public FaultSettings withAddedLatency(Duration latency) {
        return new FaultSettings(latency, errorRate, throttleRate, resetRate, slowBodyBytesPerSecond, pathContains);
    }

    public FaultSettings withErrorRate(double rate) {
        return new FaultSettings(addedLatency, rate, throttleRate, resetRate, slowBodyBytesPerSecond, pathContains);
    }

    public FaultSettings withThrottleRate(double rate) {
        return new FaultSettings(addedLatency, errorRate, rate, resetRate, slowBodyBytesPerSecond, pathContains);
    }

    public FaultSettings withResetRate(double rate) {
        return new FaultSettings(addedLatency, errorRate, throttleRate, rate, slowBodyBytesPerSecond, pathContains);
    }

    public FaultSettings withSlowBodyBytesPerSecond(long bytesPerSecond) {
        return new FaultSettings(addedLatency, errorRate, throttleRate, resetRate, bytesPerSecond, pathContains);
    }

    public FaultSettings withPathContains(String text) {
        return new FaultSettings(addedLatency, errorRate, throttleRate, resetRate, slowBodyBytesPerSecond, text);
    }

    /** Whether this request path is subject to the faults. */
    public boolean appliesTo(String path) {
        return pathContains == null ? path.startsWith("/api/2.0/genie/") : path.contains(pathContains);
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }
}
