package io.genieproxy.e2e.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.service.dashboards.GenieGenerateDownloadFullQueryResultRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.e2e.redaction.GenieCalls.Asked;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A full-result download is a presigned link to the unredacted result in cloud storage, out of the proxy's
 * reach: by default the proxy neither generates one for a caller nor hands one over, and says why (403
 * PERMISSION_DENIED); a policy that allows downloads, or a caller exempt from every category, gets them.
 */
class DownloadPolicyTest {

    private static String downloadsPath(Asked asked) {
        return asked.messagePath() + "/attachments/" + asked.queryAttachmentId() + "/downloads";
    }

    /** Polls a generated download through {@code calls} until it is no longer running (at most 10 s). */
    private static HttpResponse<String> awaitDownload(GenieCalls calls, String token, Asked asked, JsonNode generated) {
        String path = downloadsPath(asked) + "/" + generated.path("download_id").asText() + "?download_id_signature="
                + generated.path("download_id_signature").asText();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            HttpResponse<String> polled = calls.get(token, path);
            if (polled.statusCode() != 200 || !polled.body().contains("\"RUNNING\"") || System.nanoTime() > deadline) {
                return polled;
            }
            GenieCalls.sleep(25);
        }
    }

    @Test
    void byDefaultNoDownloadIsGeneratedNorHandedOverAndTheCallerIsToldWhy() {
        try (LogCapture logs = new LogCapture();
             ProxyHarness harness = ProxyHarness.start(DefaultPolicyRedactionTest.fastSimulator(), Map.of())) {
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("full-result downloads: withheld")),
                    "the startup log says downloads are withheld");
            GenieCalls proxy = new GenieCalls(harness.proxyUri());
            GenieCalls workspace = new GenieCalls(harness.simulator().uri());
            Asked asked = proxy.ask(ProxyHarness.DEMO_TOKEN, "Top customers by order amount");

            harness.simulator().clearRecordedRequests();
            HttpResponse<String> refused = proxy.post(ProxyHarness.DEMO_TOKEN, downloadsPath(asked), "");
            assertEquals(403, refused.statusCode(), refused.body());
            JsonNode error = GenieCalls.parse(refused.body());
            assertEquals("PERMISSION_DENIED", error.path("error_code").asText());
            assertTrue(error.path("message").asText().contains("unredacted"), refused.body());
            assertTrue(harness.simulator().recordedRequests().stream().noneMatch(r -> r.rawPath().contains("/downloads")),
                    "the workspace was never asked to generate it");

            // The official SDK surfaces the refusal as its PermissionDenied error, with the proxy's reason.
            WorkspaceClient sdk = new WorkspaceClient(new DatabricksConfig().setHost(harness.proxyUri().toString())
                    .setToken(ProxyHarness.DEMO_TOKEN));
            PermissionDenied denied = assertThrows(PermissionDenied.class, () -> sdk.genie().generateDownloadFullQueryResult(
                    new GenieGenerateDownloadFullQueryResultRequest().setSpaceId(ProxyHarness.SPACE).setConversationId(asked.conversationId())
                            .setMessageId(asked.messageId()).setAttachmentId(asked.queryAttachmentId())));
            assertTrue(denied.getMessage().contains("unredacted"), denied.getMessage());

            // A download generated behind the proxy's back is not handed over through it either.
            HttpResponse<String> generated = workspace.post(ProxyHarness.DEMO_TOKEN, downloadsPath(asked), "");
            assertEquals(200, generated.statusCode(), generated.body());
            String link = awaitDownload(workspace, ProxyHarness.DEMO_TOKEN, asked, GenieCalls.parse(generated.body())).body();
            assertTrue(link.contains("external_link"), link);
            HttpResponse<String> throughProxy = awaitDownload(proxy, ProxyHarness.DEMO_TOKEN, asked, GenieCalls.parse(generated.body()));
            assertEquals(403, throughProxy.statusCode(), throughProxy.body());
            assertFalse(throughProxy.body().contains("external_link"), throughProxy.body());

            long refusals = harness.auditLines().stream().map(GenieCalls::parse)
                    .filter(r -> "download_denied".equals(r.path("reason").asText()) && r.path("status").asInt() == 403).count();
            assertEquals(3, refusals, "every refusal is audited with its reason");
        }
    }

    @Test
    void aCallerExemptFromEveryCategoryMayDownloadAndOthersMayNot() {
        try (ProxyHarness harness = ProxyHarness.start(DefaultPolicyRedactionTest.fastSimulator(), Map.of(
                "genie.redaction.policy", PolicyFileRedactionTest.resource("policy-columns.yaml").toString(),
                "genie.e2e.redaction.key", PolicyFileRedactionTest.KEY))) {
            GenieCalls proxy = new GenieCalls(harness.proxyUri());
            assertDownloadHandedOver(proxy, ProxyHarness.DEMO_TOKEN_2);

            Asked demos = proxy.ask(ProxyHarness.DEMO_TOKEN, "Top customers by order amount");
            assertEquals(403, proxy.post(ProxyHarness.DEMO_TOKEN, downloadsPath(demos), "").statusCode());
        }
    }

    @Test
    void aPolicyThatAllowsDownloadsPassesThemThrough() {
        try (ProxyHarness harness = ProxyHarness.start(DefaultPolicyRedactionTest.fastSimulator(), Map.of(
                "genie.redaction.policy", PolicyFileRedactionTest.resource("policy-downloads-allow.yaml").toString()))) {
            assertDownloadHandedOver(new GenieCalls(harness.proxyUri()), ProxyHarness.DEMO_TOKEN);
        }
    }

    /** Asks a question as {@code token}, generates its full-result download through the proxy and gets its link. */
    private static void assertDownloadHandedOver(GenieCalls proxy, String token) {
        Asked asked = proxy.ask(token, "Top customers by order amount");
        HttpResponse<String> generated = proxy.post(token, downloadsPath(asked), "");
        assertEquals(200, generated.statusCode(), generated.body());
        HttpResponse<String> done = awaitDownload(proxy, token, asked, GenieCalls.parse(generated.body()));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("\"external_link\""), done.body());
    }
}
