package io.genieproxy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.genie.GenieRoutes;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy under test, started once per test JVM in front of a {@link RecordingUpstream}, with
 * whatever pipeline stages the application wires by default; only the upstream, port, limits, audit
 * file, a generous question limit and no answer cache are set, and requests carry a bearer credential.
 */
final class EdgeProxy {
    static final int MAX_BODY_BYTES = 1_048_576;
    static final int MAX_HEADER_BYTES = 16_384;
    /** A caller credential line, so that requests pass whichever authentication stage is wired. */
    static final String CREDENTIAL = "Authorization: Bearer dapi-edge-test-token\r\n";

    private static EdgeProxy shared;

    final RecordingUpstream upstream;
    final EmbeddedServer server;
    final RawHttp http;

    private EdgeProxy(RecordingUpstream upstream, EmbeddedServer server) {
        this.upstream = upstream;
        this.server = server;
        this.http = new RawHttp(server.getPort());
    }

    static synchronized EdgeProxy shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /**
     * A proxy of its own, for a test that must not inherit what others did to the shared one (its circuit
     * breaker opens after the workspace cuts off the bodies other tests send); the caller closes it.
     */
    static EdgeProxy start() {
        try {
            RecordingUpstream upstream = new RecordingUpstream();
            Map<String, Object> properties = new HashMap<>();
            properties.put("genie.upstream.url", upstream.url());
            properties.put("micronaut.server.port", -1);
            properties.put("genie.limits.max-body-bytes", MAX_BODY_BYTES);
            properties.put("genie.limits.max-header-bytes", MAX_HEADER_BYTES);
            properties.put("otel.traces.exporter", "none");
            properties.put("genie.audit.file", Files.createTempDirectory("edge-audit").resolve("genie-audit.jsonl").toString());
            properties.put("genie.rate-limit.qpm", 1_000_000);
            properties.put("genie.cache.ttl", "0s");
            return new EdgeProxy(upstream, ApplicationContext.run(EmbeddedServer.class, properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        server.close();
        upstream.close();
    }

    /**
     * The invariant every edge test ends with: nothing the recorder ever received lies outside the
     * Genie prefix or carries a traversal or encoded-separator shape, and its Host was its own.
     */
    void assertUpstreamOnlySawGenie() {
        List<RecordingUpstream.Received> all = upstream.received();
        for (RecordingUpstream.Received r : all) {
            String target = r.rawTarget().toLowerCase(Locale.ROOT);
            assertTrue(target.startsWith(GenieRoutes.PREFIX), "forwarded outside the prefix: " + r.rawTarget());
            for (String forbidden : List.of("..", "%2f", "%5c", "%00", "%2e", "\\", "//")) {
                assertFalse(target.contains(forbidden), "forwarded a target containing " + forbidden + ": " + r.rawTarget());
            }
            assertEquals(List.of(upstream.authority()), r.headers("host"), "the upstream saw a foreign Host");
        }
        for (RecordingUpstream.Received lookup : upstream.identityLookups()) {
            assertEquals(List.of(upstream.authority()), lookup.headers("host"), "an identity look-up went to a foreign Host");
        }
    }
}
