package io.genieproxy.upstream;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link CircuitBreaker} per workspace, made on first use with shared settings, clock and listener. */
public final class CircuitBreakers {
    private final CircuitBreaker.Settings settings;
    private final Clock clock;
    private final CircuitBreaker.Listener listener;
    private final ConcurrentHashMap<String, CircuitBreaker> byWorkspace = new ConcurrentHashMap<>();

    public CircuitBreakers(CircuitBreaker.Settings settings, Clock clock, CircuitBreaker.Listener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The circuit of {@code workspaceId}; workspaces are configured, so this map stays small. */
    public CircuitBreaker forWorkspace(String workspaceId) {
        return byWorkspace.computeIfAbsent(workspaceId, id -> new CircuitBreaker(id, settings, clock, listener));
    }

    /** Every known circuit's state, by workspace, for the gauge. */
    public Map<String, CircuitBreaker.State> states() {
        Map<String, CircuitBreaker.State> states = new TreeMap<>();
        byWorkspace.forEach((id, breaker) -> states.put(id, breaker.state()));
        return states;
    }
}
