package io.genieproxy.server;

import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import io.genieproxy.upstream.UpstreamSettings;
import io.genieproxy.upstream.Workspace;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves the one workspace the proxy forwards to, from configuration only. With no
 * {@code GENIE_UPSTREAM_URL} (demo mode) an embedded simulated workspace is started on a loopback
 * port and becomes the upstream.
 */
@Factory
public class WorkspaceFactory {

    /** The embedded simulator in demo mode; absent otherwise. */
    public record EmbeddedSimulator(SimulatedWorkspace workspace) {
        public void close() {
            if (workspace != null) {
                workspace.close();
            }
        }
    }

    @Singleton
    @Bean(preDestroy = "close")
    EmbeddedSimulator embeddedSimulator(UpstreamSettings settings, GenieEnvironment env) {
        if (settings.url() != null && !settings.url().isBlank()) {
            return new EmbeddedSimulator(null);
        }
        Map<String, String> simulatorEnv = new HashMap<>();
        for (String name : new String[] {"GENIE_SIMULATOR_QPM", "GENIE_SIMULATOR_STEP_DELAY", "GENIE_SIMULATOR_LATENCY",
                "GENIE_SIMULATOR_ERROR_RATE", "GENIE_SIMULATOR_THROTTLE_RATE", "GENIE_SIMULATOR_RESET_RATE"}) {
            env.get(name).ifPresent(v -> simulatorEnv.put(name, v));
        }
        simulatorEnv.put("GENIE_SIMULATOR_PORT", "0");
        return new EmbeddedSimulator(SimulatedWorkspace.start(SimulatorSettings.fromEnvironment(simulatorEnv)));
    }

    @Singleton
    Workspace workspace(UpstreamSettings settings, EmbeddedSimulator simulator) {
        if (simulator.workspace() != null) {
            return new Workspace(simulator.workspace().uri(), true);
        }
        return new Workspace(URI.create(settings.url().trim()), false);
    }
}
