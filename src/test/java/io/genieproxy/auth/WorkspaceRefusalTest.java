package io.genieproxy.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.upstream.BufferedResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which workspace answers mean the credential itself was refused, so cached identities and tokens are dropped. */
class WorkspaceRefusalTest {
    private static final byte[] BODY = "{}".getBytes();

    @Test
    void a401RefusesTheCredential() {
        assertTrue(AuthenticationStage.workspaceRefusedCredential(buffered(401, List.of())));
        assertTrue(AuthenticationStage.workspaceRefusedCredential(ProxyResponse.streamed(401, List.of(), new Object(), () -> { })));
    }

    @Test
    void a403WithTheReasonPhraseRefusesTheCredentialBufferedOrStreamed() {
        var reason = List.of(Map.entry("x-databricks-reason-phrase", "Invalid access token."));
        assertTrue(AuthenticationStage.workspaceRefusedCredential(buffered(403, reason)));
        assertTrue(AuthenticationStage.workspaceRefusedCredential(ProxyResponse.streamed(403, reason, new Object(), () -> { })));
    }

    @Test
    void otherAnswersKeepTheCredential() {
        assertFalse(AuthenticationStage.workspaceRefusedCredential(buffered(403, List.of(Map.entry("Content-Type", "application/json")))));
        assertFalse(AuthenticationStage.workspaceRefusedCredential(buffered(404, List.of())));
        assertFalse(AuthenticationStage.workspaceRefusedCredential(buffered(200, List.of())));
        assertFalse(AuthenticationStage.workspaceRefusedCredential(ProxyResponse.rejected(
                Rejection.retryLater(Rejection.Reason.AUDIT_UNAVAILABLE, "x", java.time.Duration.ofSeconds(1)))));
    }

    private static ProxyResponse buffered(int status, List<Map.Entry<String, String>> headers) {
        return ProxyResponse.buffered(new BufferedResponse(status, headers, BODY));
    }
}
