package io.genieproxy.testing;

import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real proxy (the whole Micronaut application on a free port) in front of a real simulated
 * workspace, both over loopback HTTP, with the audit log in a fresh temporary directory.
 * Extra properties use the contract's names ({@code genie.rate-limit.qpm}, {@code GENIE_...} keys
 * are not read here: use the {@code genie.*} spelling).
 */
public final class ProxyHarness implements AutoCloseable {
    public static final String SPACE = SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID;
    public static final String DEMO_TOKEN = SimulatorSettings.DEMO_TOKEN;
    public static final String DEMO_TOKEN_2 = SimulatorSettings.DEMO_TOKEN_2;

    private final SimulatedWorkspace simulator;
    private final EmbeddedServer server;
    private final Path auditDir;

    private ProxyHarness(SimulatedWorkspace simulator, EmbeddedServer server, Path auditDir) {
        this.simulator = simulator;
        this.server = server;
        this.auditDir = auditDir;
    }

    /** A simulator with fast steps (100 ms) and no question limit, and a proxy in front of it. */
    public static ProxyHarness start() {
        return start(fastSimulator(), Map.of());
    }

    public static ProxyHarness start(Map<String, Object> proxyProperties) {
        return start(fastSimulator(), proxyProperties);
    }

    public static SimulatorSettings fastSimulator() {
        return SimulatorSettings.defaults().withStepDelay(Duration.ofMillis(100)).withQuestionsPerMinute(0);
    }

    public static ProxyHarness start(SimulatorSettings simulatorSettings, Map<String, Object> proxyProperties) {
        SimulatedWorkspace simulator = SimulatedWorkspace.start(simulatorSettings);
        try {
            return startAgainst(simulator, proxyProperties);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /** A proxy in front of an already running simulator (for several proxy replicas sharing one workspace). */
    public static ProxyHarness startAgainst(SimulatedWorkspace simulator, Map<String, Object> proxyProperties) {
        try {
            Path auditDir = Files.createTempDirectory("genie-audit");
            Map<String, Object> props = new HashMap<>();
            props.put("micronaut.server.port", -1);
            props.put("genie.upstream.url", simulator.uri().toString());
            props.put("genie.audit.file", auditDir.resolve("genie-audit.jsonl").toString());
            props.put("genie.rate-limit.qpm", 1000);
            props.put("otel.traces.exporter", "none");
            props.putAll(proxyProperties);
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
            return new ProxyHarness(simulator, server, auditDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI proxyUri() {
        return server.getURI();
    }

    public SimulatedWorkspace simulator() {
        return simulator;
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public Path auditFile() {
        return auditDir.resolve("genie-audit.jsonl");
    }

    /** Every audit line written so far (the writer is sync by default, so answered requests are there). */
    public List<String> auditLines() {
        try {
            return Files.exists(auditFile()) ? Files.readAllLines(auditFile()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        simulator.close();
    }
}
