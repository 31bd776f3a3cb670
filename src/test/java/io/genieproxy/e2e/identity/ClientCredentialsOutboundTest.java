package io.genieproxy.e2e.identity;

import static io.genieproxy.e2e.identity.IdentityHttp.SPACE_PATH;
import static io.genieproxy.e2e.identity.OutboundExchanges.anyRequestHolds;
import static io.genieproxy.e2e.identity.OutboundExchanges.bearer;
import static io.genieproxy.e2e.identity.OutboundExchanges.genieCalls;
import static io.genieproxy.e2e.identity.OutboundExchanges.tokenCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.e2e.identity.IdentityHttp.Answer;
import io.genieproxy.simulator.FaultSettings;
import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.simulator.SimulatorSettings;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GENIE_UPSTREAM_AUTH=client-credentials}: the workspace sees the service principal's token, the
 * audit log still names the caller; with a wrong client secret the caller gets 502 and the caller's own
 * token is never sent to a Genie endpoint instead.
 */
class ClientCredentialsOutboundTest {
    private static final String AUDIENCE = "genie-proxy-e2e";
    private static final String WRONG_SECRET = "e2e-wrong-sp-secret-6a4c2e0b8d";

    private static MockOAuth2Server idp;
    private static ProxyHarness jwtCallers;
    private static ProxyHarness wrongSecret;
    private static AutoCloseable debug;
    private LogCapture logs;
    private final List<String> bodies = new ArrayList<>();

    @BeforeAll
    static void start() {
        idp = new MockOAuth2Server();
        idp.start();
        String issuer = idp.issuerUrl("corp").toString();
        jwtCallers = ProxyHarness.start(Map.of("genie.auth.mode", "jwt", "genie.auth.jwks-url", idp.jwksUrl("corp").toString(),
                "genie.auth.issuer", issuer, "genie.auth.audience", AUDIENCE, "genie.cache.ttl", "0s",
                "genie.upstream.auth", "client-credentials",
                "genie.upstream.client-id", SimulatorSettings.DEMO_CLIENT_ID,
                "genie.upstream.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET));
        wrongSecret = ProxyHarness.start(Map.of("genie.cache.ttl", "0s", "genie.upstream.auth", "client-credentials",
                "genie.upstream.client-id", SimulatorSettings.DEMO_CLIENT_ID, "genie.upstream.client-secret", WRONG_SECRET));
        debug = Leaks.debugLogging();
    }

    @AfterAll
    static void stop() throws Exception {
        debug.close();
        jwtCallers.close();
        wrongSecret.close();
        idp.shutdown();
    }

    @BeforeEach
    void clear() {
        jwtCallers.simulator().clearRecordedRequests();
        jwtCallers.simulator().faults(FaultSettings.none());
        wrongSecret.simulator().clearRecordedRequests();
        logs = new LogCapture();
    }

    @AfterEach
    void closeLogs() {
        jwtCallers.simulator().faults(FaultSettings.none());
        logs.close();
    }

    private static String callerToken(String subject) {
        return idp.issueToken("corp", subject, AUDIENCE, Map.of("preferred_username", subject + "@corp.example")).serialize();
    }

    private Answer call(ProxyHarness harness, String token) {
        Answer answer = IdentityHttp.get(harness.proxyUri(), SPACE_PATH, token);
        bodies.add(answer.body());
        return answer;
    }

    @Test
    void sendsTheServicePrincipalsTokenUpstreamAndAuditsTheCaller() {
        String caller = callerToken("cc-dora");
        int grantsBefore = jwtCallers.simulator().clientCredentialGrants();

        Answer answer = call(jwtCallers, caller);

        assertEquals(200, answer.status(), answer.body());
        assertEquals(grantsBefore + 1, jwtCallers.simulator().clientCredentialGrants());
        List<RecordedRequest> genie = genieCalls(jwtCallers.simulator());
        assertEquals(1, genie.size());
        String spToken = bearer(genie.get(0));
        assertNotNull(spToken);
        assertFalse(anyRequestHolds(jwtCallers.simulator().recordedRequests(), caller), "the caller's JWT reached the workspace");
        assertTrue(jwtCallers.auditLines().stream().anyMatch(l -> l.contains("cc-dora@corp.example")), "the audit names the caller");
        assertFalse(jwtCallers.auditLines().stream().anyMatch(l -> l.contains(SimulatorSettings.DEMO_SP_APPLICATION_ID)),
                "the audit names the caller, not the service principal");
        Leaks.assertNowhere(logs, jwtCallers, bodies, caller, spToken, SimulatorSettings.DEMO_CLIENT_SECRET);
    }

    @Test
    void makesExactlyOneClientCredentialsGrantForAHundredConcurrentRequestsOfOneCaller() {
        jwtCallers.simulator().faults(FaultSettings.none().withAddedLatency(Duration.ofMillis(300))
                .withPathContains(OutboundExchanges.TOKEN_PATH));
        String caller = callerToken("cc-burst-erin");
        int before = jwtCallers.simulator().clientCredentialGrants();

        List<Answer> answers = IdentityHttp.concurrently(100, jwtCallers.proxyUri(), SPACE_PATH, caller);

        assertEquals(List.of(200), answers.stream().map(Answer::status).distinct().toList());
        assertEquals(before + 1, jwtCallers.simulator().clientCredentialGrants(), "single flight");
        assertEquals(1, tokenCalls(jwtCallers.simulator()).size());
        Leaks.assertNowhere(logs, jwtCallers, bodies, caller, bearer(genieCalls(jwtCallers.simulator()).get(0)),
                SimulatorSettings.DEMO_CLIENT_SECRET);
    }

    @Test
    void answers502WhenTheWorkspaceRefusesTheClientSecretAndNeverFallsBackToTheCallersToken() {
        Answer answer = call(wrongSecret, ProxyHarness.DEMO_TOKEN);

        assertEquals(502, answer.status(), answer.body());
        assertTrue(answer.body().startsWith("{\"error_code\":\"BAD_GATEWAY\""), answer.body());
        assertTrue(answer.body().contains("invalid_client"), "the envelope says what the IdP refused: " + answer.body());
        List<RecordedRequest> seen = wrongSecret.simulator().recordedRequests();
        assertEquals(List.of(OutboundExchanges.SCIM_ME, OutboundExchanges.TOKEN_PATH), seen.stream().map(RecordedRequest::rawPath).toList(),
                "identity lookup and the refused grant, never a Genie call");
        assertFalse(anyRequestHolds(tokenCalls(wrongSecret.simulator()), ProxyHarness.DEMO_TOKEN), "the caller's token went to the token endpoint");
        assertTrue(wrongSecret.auditLines().stream().anyMatch(l -> l.contains("demo@example.com") && l.contains("502")));
        Leaks.assertNowhere(logs, wrongSecret, bodies, ProxyHarness.DEMO_TOKEN, WRONG_SECRET);
    }
}
