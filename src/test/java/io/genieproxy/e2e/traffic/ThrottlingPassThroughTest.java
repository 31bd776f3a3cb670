package io.genieproxy.e2e.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.dashboards.GenieListSpacesRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import io.genieproxy.testing.ProxyHarness;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 429s end to end: the workspace's own passes through untouched, and the official SDK waits out the proxy's. */
class ThrottlingPassThroughTest {

    @Test
    void passesTheWorkspacesOwn429ThroughWithItsRetryAfter() {
        try (ProxyHarness proxy = ProxyHarness.start(ProxyHarness.fastSimulator().withQuestionsPerMinute(1),
                Map.of("genie.rate-limit.qpm", 1000))) {
            TrafficClient a = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
            assertEquals(200, a.startConversation("within the workspace's limit").statusCode());
            HttpResponse<String> throttled = a.startConversation("over the workspace's limit");
            assertEquals(429, throttled.statusCode(), throttled.body());
            assertEquals("REQUEST_LIMIT_EXCEEDED", TrafficClient.json(throttled.body()).get("error_code"));
            String retryAfter = throttled.headers().firstValue("Retry-After").orElse(null);
            assertNotNull(retryAfter, "the workspace's Retry-After reaches the client");
            assertTrue(Long.parseLong(retryAfter) > 1, "the workspace's own value (about a minute), not the proxy's: " + retryAfter);
            assertEquals(2, TrafficClient.seen(proxy.simulator(), "POST", p -> p.endsWith("/start-conversation")),
                    "the proxy let both through (its limit is high) and did not retry the throttled question");
        }
    }

    @Test
    void reRunningAQueryIsNotAQuestionForTheProxyNorForTheWorkspace() {
        try (ProxyHarness proxy = ProxyHarness.start(ProxyHarness.fastSimulator().withQuestionsPerMinute(1),
                Map.of("genie.rate-limit.qpm", 1))) {
            TrafficClient a = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
            TrafficClient.Asked asked = a.ask("top customers by order amount");
            String completed = a.awaitCompleted(asked).body();
            String execute = asked.messagePath() + "/attachments/" + TrafficClient.queryAttachmentId(completed) + "/execute-query";
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> rerun = a.post(execute, "");
                assertEquals(200, rerun.statusCode(), "only start-conversation and create-message count (GENIE-API): " + rerun.body());
            }
            HttpResponse<String> second = a.startConversation("a second question in the same minute");
            assertEquals(429, second.statusCode(), "the question budget is still one a minute: " + second.body());
        }
    }

    @Test
    void officialSdkHonoursTheProxysRetryAfterAndSucceedsOnItsRetry() {
        try (ProxyHarness proxy = ProxyHarness.start(Map.of("genie.rate-limit.qpm", 60, "genie.rate-limit.burst", 1))) {
            WorkspaceClient sdk = new WorkspaceClient(new DatabricksConfig().setHost(proxy.proxyUri().toString())
                    .setToken(ProxyHarness.DEMO_TOKEN));
            sdk.genie().listSpaces(new GenieListSpacesRequest());
            TrafficClient raw = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
            assertEquals(200, raw.startConversation("takes the only permit").statusCode());

            long started = System.nanoTime();
            GenieStartConversationResponse answer = sdk.genie().startConversation(new GenieStartConversationMessageRequest()
                    .setSpaceId(ProxyHarness.SPACE).setContent("asked while the permit is gone")).getResponse();
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertNotNull(answer.getMessageId());
            assertTrue(elapsedMillis >= 1000, "the SDK waited Retry-After (1 s) before retrying: " + elapsedMillis + " ms");
            String scrape = TrafficClient.prometheus(proxy.proxyUri());
            assertEquals(1.0, decisions(scrape, "rejected"), "the proxy refused exactly once");
            assertEquals(2, TrafficClient.seen(proxy.simulator(), "POST", p -> p.endsWith("/start-conversation")),
                    "the refused attempt never reached the workspace");
        }
    }

    /** Workspace-scope limiter decisions with this outcome. */
    private static double decisions(String scrape, String outcome) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("genie_proxy_rate_limit_decisions_total{") && line.contains("decision=\"" + outcome + "\"")
                    && line.contains("scope=\"workspace\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
