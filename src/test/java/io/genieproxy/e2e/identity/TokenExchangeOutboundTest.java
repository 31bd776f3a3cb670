package io.genieproxy.e2e.identity;

import static io.genieproxy.e2e.identity.IdentityHttp.SPACE_PATH;
import static io.genieproxy.e2e.identity.OutboundExchanges.anyRequestHolds;
import static io.genieproxy.e2e.identity.OutboundExchanges.bearer;
import static io.genieproxy.e2e.identity.OutboundExchanges.genieCalls;
import static io.genieproxy.e2e.identity.OutboundExchanges.tokenCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.e2e.identity.IdentityHttp.Answer;
import io.genieproxy.simulator.FaultSettings;
import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GENIE_UPSTREAM_AUTH=token-exchange}: the caller's IdP JWT (from a real OAuth server) is validated
 * by the proxy, then exchanged (RFC 8693) at the simulated workspace's {@code /oidc/v1/token}; the
 * workspace's Genie endpoints must only ever see the exchanged token.
 */
class TokenExchangeOutboundTest {
    private static final String AUDIENCE = "genie-proxy-e2e";

    private static MockOAuth2Server idp;
    private static ProxyHarness harness;
    private static AutoCloseable debug;
    private LogCapture logs;
    private final List<String> bodies = new ArrayList<>();

    @BeforeAll
    static void start() {
        idp = new MockOAuth2Server();
        idp.start();
        String issuer = idp.issuerUrl("corp").toString();
        harness = ProxyHarness.start(ProxyHarness.fastSimulator().withTrustedIssuer(issuer, idp.jwksUrl("corp").uri()),
                Map.of("genie.auth.mode", "jwt", "genie.auth.jwks-url", idp.jwksUrl("corp").toString(),
                        "genie.auth.issuer", issuer, "genie.auth.audience", AUDIENCE,
                        "genie.upstream.auth", "token-exchange", "genie.cache.ttl", "0s"));
        debug = Leaks.debugLogging();
    }

    @AfterAll
    static void stop() throws Exception {
        debug.close();
        harness.close();
        idp.shutdown();
    }

    @BeforeEach
    void clear() {
        simulator().clearRecordedRequests();
        simulator().faults(FaultSettings.none());
        logs = new LogCapture();
    }

    @AfterEach
    void closeLogs() {
        simulator().faults(FaultSettings.none());
        logs.close();
    }

    private static SimulatedWorkspace simulator() {
        return harness.simulator();
    }

    private static String callerToken(String subject) {
        return idp.issueToken("corp", subject, AUDIENCE, Map.of("preferred_username", subject + "@corp.example")).serialize();
    }

    private Answer call(String token) {
        Answer answer = IdentityHttp.get(harness.proxyUri(), SPACE_PATH, token);
        bodies.add(answer.body());
        return answer;
    }

    @Test
    void sendsTheExchangedTokenUpstreamAndNeverTheCallersJwt() {
        String caller = callerToken("tx-alice");
        int exchangesBefore = simulator().tokenExchanges();

        Answer answer = call(caller);

        assertEquals(200, answer.status(), answer.body());
        assertEquals(exchangesBefore + 1, simulator().tokenExchanges());
        List<RecordedRequest> exchanges = tokenCalls(simulator());
        assertEquals(1, exchanges.size());
        assertTrue(exchanges.get(0).bodyText().contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"));
        List<RecordedRequest> genie = genieCalls(simulator());
        assertEquals(1, genie.size());
        String exchanged = bearer(genie.get(0));
        assertNotNull(exchanged);
        assertNotEquals(caller, exchanged);
        assertFalse(anyRequestHolds(genie, caller), "the caller's JWT reached a Genie endpoint");
        assertTrue(harness.auditLines().stream().anyMatch(l -> l.contains("tx-alice@corp.example")));
        Leaks.assertNowhere(logs, harness, bodies, caller, exchanged);
    }

    @Test
    void reusesOneExchangedTokenPerCallerAndNeverSharesItWithAnother() {
        String alice = callerToken("tx-reuse-alice");
        String bob = callerToken("tx-reuse-bob");
        int before = simulator().tokenExchanges();

        for (int i = 0; i < 5; i++) {
            assertEquals(200, call(alice).status());
            assertEquals(200, call(bob).status());
        }

        assertEquals(before + 2, simulator().tokenExchanges(), "one exchange per caller");
        Set<String> upstreamTokens = genieCalls(simulator()).stream().map(OutboundExchanges::bearer).collect(Collectors.toSet());
        assertEquals(2, upstreamTokens.size(), "each caller has their own upstream token");
        Leaks.assertNowhere(logs, harness, bodies, upstreamTokens.toArray(String[]::new));
        Leaks.assertNowhere(logs, harness, bodies, alice, bob);
    }

    @Test
    void exchangesAgainAfterTheWorkspaceRefusesARevokedExchangedToken() {
        String caller = callerToken("tx-revoked");
        assertEquals(200, call(caller).status());
        int before = simulator().tokenExchanges();
        String first = bearer(genieCalls(simulator()).get(0));

        simulator().revokeIssuedTokens();
        Answer refused = call(caller);
        Answer retried = call(caller);

        assertEquals(403, refused.status(), "the workspace's own refusal is passed on");
        assertTrue(refused.body().contains("Invalid access token"), refused.body());
        assertEquals(200, retried.status(), "the next request gets a fresh exchanged token: " + retried.body());
        assertEquals(before + 1, simulator().tokenExchanges(), "exactly one new exchange");
        List<RecordedRequest> genie = genieCalls(simulator());
        String second = bearer(genie.get(genie.size() - 1));
        assertNotEquals(first, second);
        Leaks.assertNowhere(logs, harness, bodies, caller, first, second);
    }

    @Test
    void keepsTheExchangedTokenWhenTheWorkspaceDeniesASpace() {
        String caller = callerToken("tx-denied");
        assertEquals(200, call(caller).status());
        int before = simulator().tokenExchanges();

        Answer denied = IdentityHttp.get(harness.proxyUri(), SPACE_PATH + "/conversations?include_all=true", caller);
        bodies.add(denied.body());
        Answer again = call(caller);

        assertEquals(403, denied.status(), denied.body());
        assertTrue(denied.body().contains("PERMISSION_DENIED"), denied.body());
        assertEquals(200, again.status());
        assertEquals(before, simulator().tokenExchanges(), "a refusal of the request, not the token, keeps the token");
    }

    @Test
    void makesExactlyOneExchangeForAHundredConcurrentRequestsOfOneCaller() {
        simulator().faults(FaultSettings.none().withAddedLatency(Duration.ofMillis(300)).withPathContains(OutboundExchanges.TOKEN_PATH));
        String caller = callerToken("tx-burst-carol");
        int before = simulator().tokenExchanges();

        List<Answer> answers = IdentityHttp.concurrently(100, harness.proxyUri(), SPACE_PATH, caller);

        assertEquals(List.of(200), answers.stream().map(Answer::status).distinct().toList());
        assertEquals(before + 1, simulator().tokenExchanges(), "single flight");
        assertEquals(100, genieCalls(simulator()).size());
        assertEquals(1, genieCalls(simulator()).stream().map(OutboundExchanges::bearer).distinct().count());
        Leaks.assertNowhere(logs, harness, bodies, caller, bearer(genieCalls(simulator()).get(0)));
    }
}
