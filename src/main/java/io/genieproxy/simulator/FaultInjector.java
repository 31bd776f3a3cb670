package io.genieproxy.simulator;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/** Decides, per request, which of the configured faults hits it; the settings can be swapped at any time. */
final class FaultInjector {
    /** What happens to one request: added latency, a dropped connection, a refusal, and the body write rate. */
    record Decision(Duration latency, boolean reset, SimulatorResponse refusal, long slowBodyBytesPerSecond) {
        static final Decision NONE = new Decision(Duration.ZERO, false, null, 0);
    }

    private final AtomicReference<FaultSettings> settings;

    FaultInjector(FaultSettings initial) {
        this.settings = new AtomicReference<>(initial);
    }

    FaultSettings settings() {
        return settings.get();
    }

    void settings(FaultSettings faults) {
        settings.set(faults == null ? FaultSettings.none() : faults);
    }

    Decision decide(String path) {
        FaultSettings f = settings.get();
        if (!f.appliesTo(path)) {
            return Decision.NONE;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (hits(f.resetRate(), random)) {
            return new Decision(f.addedLatency(), true, null, 0);
        }
        SimulatorResponse refusal = null;
        if (hits(f.throttleRate(), random)) {
            refusal = SimulatorResponse.error(new WorkspaceError(429, "REQUEST_LIMIT_EXCEEDED",
                    "Too many requests. Please wait a moment and try again.")).withHeader("Retry-After", "1");
        } else if (hits(f.errorRate(), random)) {
            refusal = random.nextBoolean()
                    ? SimulatorResponse.error(new WorkspaceError(500, "INTERNAL_ERROR", "An internal error occurred."))
                    : SimulatorResponse.error(new WorkspaceError(503, "TEMPORARILY_UNAVAILABLE", "The service is temporarily unavailable."));
        }
        return new Decision(f.addedLatency(), false, refusal, f.slowBodyBytesPerSecond());
    }

    private static boolean hits(double rate, ThreadLocalRandom random) {
        return rate > 0 && (rate >= 1 || random.nextDouble() < rate);
    }
}
