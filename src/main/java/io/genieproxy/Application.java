package io.genieproxy;

import io.genieproxy.audit.AuditCommand;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import io.micronaut.runtime.Micronaut;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code audit verify FILE...} checks an audit chain; {@code GENIE_MODE=simulator} runs
 * only the simulated workspace; otherwise the proxy starts (in demo mode when no upstream is set).
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("audit")) {
            System.exit(AuditCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        String mode = System.getProperty("genie.mode", System.getenv().getOrDefault("GENIE_MODE", "proxy"));
        if (mode.toLowerCase(Locale.ROOT).equals("simulator")) {
            runSimulator();
            return;
        }
        exportTracesWhenAnEndpointIsSet(System.getenv());
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }

    /**
     * Traces are exported when the standard OTel variables say so: an explicit
     * {@code OTEL_TRACES_EXPORTER}, or an {@code OTEL_EXPORTER_OTLP_ENDPOINT} alone (then OTLP);
     * with neither, nothing is exported.
     */
    static void exportTracesWhenAnEndpointIsSet(Map<String, String> env) {
        boolean endpoint = env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT") || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (endpoint && !env.containsKey("OTEL_TRACES_EXPORTER") && System.getProperty("otel.traces.exporter") == null) {
            System.setProperty("otel.traces.exporter", "otlp");
        }
    }

    private static void runSimulator() throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("GENIE_SIMULATOR_PORT", env.getOrDefault("MICRONAUT_SERVER_PORT", "8080"));
        SimulatedWorkspace workspace = SimulatedWorkspace.start(SimulatorSettings.fromEnvironment(env));
        Logger log = LoggerFactory.getLogger(Application.class);
        log.info("Mode: simulator. The simulated Genie workspace listens on {} (demo tokens accepted; no proxy stages)", workspace.uri());
        Runtime.getRuntime().addShutdownHook(new Thread(workspace::close, "simulator-shutdown"));
        Thread.currentThread().join();
    }
}
