package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.testing.ProxyHarness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} is readiness: 503 while the audit log cannot be written and fail-closed would refuse every
 * Genie call, UP again once the path is mended, with no Genie traffic needed to notice; UP throughout when the
 * operator turned fail-closed off.
 */
@Timeout(60)
class ReadinessTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void downWhileTheAuditLogCannotBeWrittenAndUpOnceItCan() throws Exception {
        Path blocked = Files.createDirectory(dir.resolve("genie-audit.jsonl"));
        try (ProxyHarness proxy = ProxyHarness.start(Map.of("genie.audit.file", blocked.toString()))) {
            HttpResponse<String> down = get(proxy.proxyUri(), "/health", null);
            assertEquals(503, down.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"checks\":{\"audit\":\"DOWN\"}}", down.body());
            assertEquals(503, get(proxy.proxyUri(), "/health/readiness", null).statusCode());
            HttpResponse<String> live = get(proxy.proxyUri(), "/health/liveness", null);
            assertEquals(200, live.statusCode(), "alive, only waiting for its volume: no restart");
            assertEquals("{\"status\":\"UP\"}", live.body());
            assertEquals(503, get(proxy.proxyUri(), "/api/2.0/genie/spaces", ProxyHarness.DEMO_TOKEN).statusCode());
            int forwardedWhileDown = proxy.simulator().recordedRequests().size();

            Files.delete(blocked);
            HttpResponse<String> health = awaitHealth(proxy.proxyUri(), 200);
            assertEquals("{\"status\":\"UP\"}", health.body());
            assertEquals(200, get(proxy.proxyUri(), "/health/readiness", null).statusCode());
            assertEquals(forwardedWhileDown, proxy.simulator().recordedRequests().size(), "health checks alone brought it back");

            assertEquals(200, get(proxy.proxyUri(), "/api/2.0/genie/spaces", ProxyHarness.DEMO_TOKEN).statusCode());
            assertTrue(Files.readString(blocked).contains("\"kind\":\"request\""));
        }
    }

    @Test
    void upWhenTheOperatorChoseToServeWithoutAudit() throws Exception {
        Path blocked = Files.createDirectory(dir.resolve("genie-audit.jsonl"));
        try (ProxyHarness proxy = ProxyHarness.start(Map.of("genie.audit.file", blocked.toString(), "genie.audit.fail-closed", "false"))) {
            assertEquals(200, get(proxy.proxyUri(), "/health", null).statusCode());
            assertEquals(200, get(proxy.proxyUri(), "/api/2.0/genie/spaces", ProxyHarness.DEMO_TOKEN).statusCode());
        }
    }

    private static HttpResponse<String> awaitHealth(URI proxy, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> last = get(proxy, "/health", null);
        while (last.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = get(proxy, "/health", null);
        }
        assertEquals(status, last.statusCode(), last.body());
        return last;
    }

    private static HttpResponse<String> get(URI proxy, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.resolve(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
