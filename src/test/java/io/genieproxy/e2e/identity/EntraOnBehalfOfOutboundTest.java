package io.genieproxy.e2e.identity;

import static io.genieproxy.e2e.identity.IdentityHttp.SPACE_PATH;
import static io.genieproxy.e2e.identity.OutboundExchanges.anyRequestHolds;
import static io.genieproxy.e2e.identity.OutboundExchanges.bearer;
import static io.genieproxy.e2e.identity.OutboundExchanges.genieCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.genieproxy.e2e.identity.IdentityHttp.Answer;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GENIE_UPSTREAM_AUTH=entra-obo} with a real OAuth server as the Entra authority: it reads the
 * issuer id of {@code {authority}/entra-obo/oauth2/v2.0/token} as everything before {@code /token}, so the
 * jwt-bearer grant answers with a token of issuer {@code {authority}/entra-obo/oauth2/v2.0}. The simulated workspace trusts only that issuer, not the
 * callers' own ({@code corp}), so the caller's token would be refused if the proxy ever sent it.
 */
class EntraOnBehalfOfOutboundTest {
    private static final String PROXY_APP = "proxy-app-e2e";
    private static final String OBO_ISSUER_ID = "entra-obo/oauth2/v2.0";
    private static final String CLIENT_SECRET = "e2e-obo-secret-1d3f5b7a9c";

    private static MockOAuth2Server idp;
    private static ProxyHarness harness;
    private static AutoCloseable debug;
    private LogCapture logs;
    private final List<String> bodies = new ArrayList<>();

    @BeforeAll
    static void start() {
        idp = new MockOAuth2Server();
        idp.start();
        harness = ProxyHarness.start(ProxyHarness.fastSimulator()
                        .withTrustedIssuer(idp.issuerUrl(OBO_ISSUER_ID).toString(), idp.jwksUrl(OBO_ISSUER_ID).uri()),
                Map.of("genie.auth.mode", "jwt", "genie.auth.jwks-url", idp.jwksUrl("corp").toString(),
                        "genie.auth.issuer", idp.issuerUrl("corp").toString(), "genie.auth.audience", PROXY_APP,
                        "genie.cache.ttl", "0s", "genie.upstream.auth", "entra-obo",
                        "genie.entra.authority-url", idp.baseUrl().toString(), "genie.entra.tenant-id", "entra-obo",
                        "genie.upstream.client-id", PROXY_APP, "genie.upstream.client-secret", CLIENT_SECRET));
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
        harness.simulator().clearRecordedRequests();
        logs = new LogCapture();
    }

    @AfterEach
    void closeLogs() {
        logs.close();
    }

    @Test
    void sendsTheOnBehalfOfTokenUpstreamForTheSameUserAndNeverTheCallersToken() throws Exception {
        String caller = idp.issueToken("corp", "obo-frank-oid", PROXY_APP, Map.of("preferred_username", "frank@corp.example")).serialize();

        Answer answer = IdentityHttp.get(harness.proxyUri(), SPACE_PATH, caller);
        bodies.add(answer.body());

        assertEquals(200, answer.status(), answer.body());
        String obo = bearer(genieCalls(harness.simulator()).get(0));
        assertNotEquals(caller, obo);
        JWTClaimsSet claims = SignedJWT.parse(obo).getJWTClaimsSet();
        assertEquals(idp.issuerUrl(OBO_ISSUER_ID).toString(), claims.getIssuer(), "issued by the authority's tenant");
        assertEquals("obo-frank-oid", claims.getSubject(), "on behalf of the same user");
        assertFalse(anyRequestHolds(harness.simulator().recordedRequests(), caller), "the caller's token reached the workspace");
        assertEquals(1, harness.auditLines().stream().filter(l -> l.contains("frank@corp.example")).count());
        Leaks.assertNowhere(logs, harness, bodies, caller, obo, CLIENT_SECRET);
    }

    @Test
    void reusesTheOnBehalfOfTokenForTheSameCallerToken() {
        String caller = idp.issueToken("corp", "obo-gina-oid", PROXY_APP, Map.of("preferred_username", "gina@corp.example")).serialize();

        for (int i = 0; i < 5; i++) {
            Answer answer = IdentityHttp.get(harness.proxyUri(), SPACE_PATH, caller);
            bodies.add(answer.body());
            assertEquals(200, answer.status(), answer.body());
        }

        List<String> upstream = genieCalls(harness.simulator()).stream().map(OutboundExchanges::bearer).distinct().toList();
        assertEquals(1, upstream.size(), "one on-behalf-of exchange for five requests");
        Leaks.assertNowhere(logs, harness, bodies, caller, upstream.get(0), CLIENT_SECRET);
    }

    @Test
    void answers502NamingTheEntraRefusalAndNeverSendsTheCallersTokenInstead() {
        String caller = idp.issueToken("corp", "obo-hank-oid", PROXY_APP, Map.of("preferred_username", "hank@corp.example")).serialize();
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(OBO_ISSUER_ID) {
            @Override
            public Map<String, Object> addClaims(TokenRequest request) {
                throw noConsent();
            }
        });

        Answer answer = IdentityHttp.get(harness.proxyUri(), SPACE_PATH, caller);
        bodies.add(answer.body());

        assertEquals(502, answer.status(), answer.body());
        assertTrue(answer.body().startsWith("{\"error_code\":\"BAD_GATEWAY\""), answer.body());
        assertTrue(answer.body().contains("invalid_grant"), "names the IdP's error code: " + answer.body());
        assertEquals(List.of(), harness.simulator().recordedRequests(), "nothing reached the workspace");
        Leaks.assertNowhere(logs, harness, bodies, caller, CLIENT_SECRET);
    }

    private static OAuth2Exception noConsent() {
        return new OAuth2Exception(new ErrorObject("invalid_grant", "AADSTS65001: The user or administrator has not "
                + "consented to use the application.", 400), "AADSTS65001: no consent");
    }
}
