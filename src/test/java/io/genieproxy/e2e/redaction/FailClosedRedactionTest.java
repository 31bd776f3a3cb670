package io.genieproxy.e2e.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import io.genieproxy.simulator.SimulatedWorkspace;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy in front of a workspace whose answers cannot be redacted: the caller gets a 502, never the raw body. */
class FailClosedRedactionTest {
    static final String SPACE = ProxyHarness.SPACE;

    static LogCapture logs;
    static BrokenUpstream upstream;
    static SimulatedWorkspace unused;
    static ProxyHarness harness;
    static GenieCalls genie;

    @BeforeAll
    static void start() throws Exception {
        logs = new LogCapture();
        upstream = new BrokenUpstream();
        // The harness wants a simulator to own; the proxy is pointed at the broken upstream instead.
        unused = SimulatedWorkspace.start(DefaultPolicyRedactionTest.fastSimulator());
        harness = ProxyHarness.startAgainst(unused, Map.of("genie.upstream.url", upstream.uri().toString()));
        genie = new GenieCalls(harness.proxyUri());
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        logs.close();
    }

    static String messagePath(String messageId) {
        return "/api/2.0/genie/spaces/" + SPACE + "/conversations/c1/messages/" + messageId;
    }

    @Test
    void passesARedactableAnswerFromTheSameUpstream() {
        HttpResponse<String> ok = genie.get(BrokenUpstream.TOKEN, messagePath("fine") + "/attachments/a1/query-result");
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("[REDACTED:EMAIL]"), ok.body());
        assertNoSecret(ok.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated/attachments/a1/query-result", "trailing/attachments/a1/query-result",
            "trailing/query-result", "duplicate", "html", "html/attachments/a1/query-result"})
    void answersBadGatewayWithTheDatabricksEnvelopeAndNoneOfTheRawBody(String tail) {
        String path = messagePath(tail);
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<String> response = genie.get(BrokenUpstream.TOKEN, path);
            assertEquals(502, response.statusCode(), path + ": " + response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("json"));
            JsonNode error = GenieCalls.parse(response.body());
            assertEquals("BAD_GATEWAY", error.path("error_code").asText(), response.body());
            assertFalse(error.path("message").asText().isBlank());
            assertNoSecret(response.body());
        }
    }

    @Test
    void leavesNoRawValueInTheLogsTheAuditFileOrTheMetrics() {
        genie.get(BrokenUpstream.TOKEN, messagePath("truncated") + "/attachments/a1/query-result");
        genie.get(BrokenUpstream.TOKEN, messagePath("html"));
        for (String secret : BrokenUpstream.SECRETS) {
            assertEquals(List.of(), logs.linesContaining(secret));
            assertTrue(harness.auditLines().stream().noneMatch(l -> l.contains(secret)), secret);
        }
        assertTrue(harness.auditLines().stream().anyMatch(l -> l.contains("redaction_failed")),
                "the refusal is audited with its reason");
        String metrics = genie.get(BrokenUpstream.TOKEN, "/prometheus").body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("genie_proxy_redaction_failures_total") && !l.endsWith(" 0.0")),
                metrics.lines().filter(l -> l.contains("redaction")).toList().toString());
    }

    private static void assertNoSecret(String body) {
        for (String secret : BrokenUpstream.SECRETS) {
            assertFalse(body.contains(secret), "raw value in: " + body);
        }
    }
}
