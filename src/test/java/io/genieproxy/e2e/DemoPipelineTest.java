package io.genieproxy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoPipelineTest {
    static ProxyHarness harness;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        harness = ProxyHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void listsSpacesThroughTheProxyAndAuditsTheCall() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(harness.proxyUri() + "/api/2.0/genie/spaces"))
                .header("Authorization", "Bearer " + ProxyHarness.DEMO_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains(ProxyHarness.SPACE));
        assertTrue(harness.auditLines().stream().anyMatch(l -> l.contains("\"action\":\"genieListSpaces\"")));
    }
}
