package io.genieproxy.e2e.identity;

import static io.genieproxy.e2e.identity.IdentityHttp.SPACE_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.genieproxy.auth.OwnJwksServer;
import io.genieproxy.e2e.identity.IdentityHttp.Answer;
import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GENIE_AUTH_MODE=jwt} through the real proxy: tokens from a real OAuth server (mock-oauth2-server),
 * and hostile tokens signed with a key of our own that the proxy trusts, so that each one breaks exactly
 * one rule. The simulated workspace trusts both issuers too, so anything the proxy wrongly let through
 * would be answered, and is seen in its recorded requests.
 */
class JwtModeIdentityTest {
    private static final String AUDIENCE = "genie-proxy-e2e";
    private static final String OWN_ISSUER = "https://idp.e2e.example/own";

    private static MockOAuth2Server idp;
    private static OwnJwksServer own;
    private static ProxyHarness corp;
    private static ProxyHarness ownProxy;
    private static AutoCloseable debug;
    private LogCapture logs;
    private final List<String> bodies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server();
        idp.start();
        own = new OwnJwksServer();
        String corpIssuer = idp.issuerUrl("corp").toString();
        corp = ProxyHarness.start(ProxyHarness.fastSimulator().withTrustedIssuer(corpIssuer, idp.jwksUrl("corp").uri()),
                Map.of("genie.auth.mode", "jwt", "genie.auth.jwks-url", idp.jwksUrl("corp").toString(),
                        "genie.auth.issuer", corpIssuer, "genie.auth.audience", AUDIENCE, "genie.cache.ttl", "0s"));
        ownProxy = ProxyHarness.start(ProxyHarness.fastSimulator().withTrustedIssuer(OWN_ISSUER, own.jwksUrl()),
                Map.of("genie.auth.mode", "jwt", "genie.auth.jwks.url", own.jwksUrl().toString(),
                        "genie.auth.issuer", OWN_ISSUER, "genie.auth.audience", AUDIENCE, "genie.cache.ttl", "0s"));
        debug = Leaks.debugLogging();
    }

    @AfterAll
    static void stop() throws Exception {
        debug.close();
        corp.close();
        ownProxy.close();
        own.close();
        idp.shutdown();
    }

    @BeforeEach
    void clear() {
        corp.simulator().clearRecordedRequests();
        ownProxy.simulator().clearRecordedRequests();
        logs = new LogCapture();
    }

    @AfterEach
    void closeLogs() {
        logs.close();
    }

    private Answer call(ProxyHarness harness, String token) {
        Answer answer = IdentityHttp.get(harness.proxyUri(), SPACE_PATH, token);
        bodies.add(answer.body());
        return answer;
    }

    private void assertRefusedAndNothingForwarded(ProxyHarness harness, String token) {
        Answer answer = call(harness, token);
        assertEquals(401, answer.status(), answer.body());
        assertTrue(answer.body().contains("\"error_code\":\"UNAUTHENTICATED\""), answer.body());
        assertEquals(List.of(), harness.simulator().recordedRequests(), "nothing reached the workspace");
        Leaks.assertNowhere(logs, harness, bodies, token);
    }

    private static String corpToken(String subject, String audience, long expirySeconds) {
        return idp.issueToken("corp", subject, audience, Map.of("preferred_username", subject + "@corp.example"), expirySeconds)
                .serialize();
    }

    @Test
    void forwardsAValidTokenFromTheIssuerAndAuditsItsUser() {
        String token = corpToken("jwt-valid-user", AUDIENCE, 3600);

        Answer answer = call(corp, token);

        assertEquals(200, answer.status(), answer.body());
        List<RecordedRequest> seen = corp.simulator().recordedRequests();
        assertEquals(1, seen.size());
        assertEquals("Bearer " + token, seen.get(0).header("Authorization"), "passthrough sends the caller's token as is");
        assertTrue(corp.auditLines().stream().anyMatch(l -> l.contains("jwt-valid-user@corp.example")));
        Leaks.assertNowhere(logs, corp, bodies, token);
    }

    @Test
    void refusesAnExpiredTokenFromTheIssuer() {
        assertRefusedAndNothingForwarded(corp, corpToken("jwt-expired-user", AUDIENCE, -600));
    }

    @Test
    void refusesATokenFromTheIssuerForAnotherAudience() {
        assertRefusedAndNothingForwarded(corp, corpToken("jwt-other-aud-user", "some-other-api", 3600));
    }

    @Test
    void refusesATokenOfAnotherTenantOfTheSameServer() {
        assertRefusedAndNothingForwarded(corp, idp.issueToken("other-tenant", "jwt-tenant-user", AUDIENCE,
                Map.of("preferred_username", "mallory@corp.example"), 3600).serialize());
    }

    @Test
    void forwardsAValidTokenSignedWithOurOwnTrustedKey() throws Exception {
        String token = own.signRs256(claims(Map.of()));

        assertEquals(200, call(ownProxy, token).status());
        assertEquals("Bearer " + token, ownProxy.simulator().recordedRequests().get(0).header("Authorization"));
        Leaks.assertNowhere(logs, ownProxy, bodies, token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void refusesAHostileTokenWith401AndForwardsNothing(String shape, String token) {
        assertRefusedAndNothingForwarded(ownProxy, token);
    }

    static Stream<Arguments> hostileTokens() throws Exception {
        long now = Instant.now().getEpochSecond();
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("own-rsa").generate();
        RSAKey foreignNewKid = new RSAKeyGenerator(2048).keyID("stranger").generate();
        JWSHeader rs256 = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("own-rsa").build();
        return Stream.of(
                Arguments.of("expired", own.signRs256(claims(Map.of("exp", now - 600, "iat", now - 4200)))),
                Arguments.of("wrong aud", own.signRs256(claims(Map.of("aud", "some-other-api")))),
                Arguments.of("aud missing", own.signRs256(claims(Map.of("aud", "")))),
                Arguments.of("wrong iss", own.signRs256(claims(Map.of("iss", "https://idp.e2e.example/evil")))),
                Arguments.of("iss differs by a trailing slash", own.signRs256(claims(Map.of("iss", OWN_ISSUER + "/")))),
                Arguments.of("alg none", unsigned(claims(Map.of()))),
                Arguments.of("alg none with a signature", unsigned(claims(Map.of())) + "c2lnbmF0dXJl"),
                Arguments.of("HS256 keyed with the public key", hmacWithPublicKey(claims(Map.of()))),
                Arguments.of("foreign key with the trusted kid", OwnJwksServer.sign(rs256, claims(Map.of()), foreign)),
                Arguments.of("foreign key with a new kid",
                        OwnJwksServer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(), claims(Map.of()), foreignNewKid)),
                Arguments.of("foreign key embedded as jwk", OwnJwksServer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID("own-rsa").jwk(foreign.toPublicJWK()).build(), claims(Map.of()), foreign)),
                Arguments.of("exp null", own.signRs256(rawClaims("\"exp\":null"))),
                Arguments.of("exp as a string", own.signRs256(rawClaims("\"exp\":\"" + (now + 3600) + "\""))),
                Arguments.of("exp missing", own.signRs256(rawClaims(null))),
                Arguments.of("exp twice, the second expired", own.signRs256(rawClaims("\"exp\":" + (now + 3600) + ",\"exp\":" + (now - 600)))),
                Arguments.of("not yet valid", own.signRs256(claims(Map.of("nbf", now + 3600)))),
                Arguments.of("signature of another payload", swapPayload(own.signRs256(claims(Map.of())),
                        claims(Map.of("preferred_username", "admin@idp.e2e.example")))));
    }

    /** A valid payload for the own issuer, with these claims replaced (an empty string drops one). */
    private static String claims(Map<String, Object> overrides) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put("iss", OWN_ISSUER);
        all.put("sub", "own-subject-1");
        all.put("aud", AUDIENCE);
        all.put("preferred_username", "own.user@idp.e2e.example");
        all.put("iat", now);
        all.put("exp", now + 3600);
        all.putAll(overrides);
        StringBuilder json = new StringBuilder("{");
        all.forEach((k, v) -> {
            if (v instanceof String s && s.isEmpty()) {
                return;
            }
            json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(v instanceof String s ? "\"" + s + "\"" : v.toString());
        });
        return json.append('}').toString();
    }

    /** A valid payload except for exp, written exactly as given (null: no exp at all). */
    private static String rawClaims(String expMembers) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + OWN_ISSUER + "\",\"sub\":\"own-subject-1\",\"aud\":\"" + AUDIENCE
                + "\",\"preferred_username\":\"own.user@idp.e2e.example\",\"iat\":" + now
                + (expMembers == null ? "" : "," + expMembers) + "}";
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String unsigned(String payload) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload) + ".";
    }

    private static String hmacWithPublicKey(String payload) throws Exception {
        byte[] secret = own.rsa.toPublicJWK().toRSAPublicKey().getEncoded();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("own-rsa").build(), new Payload(payload));
        jws.sign(new MACSigner(secret));
        return jws.serialize();
    }

    private static String swapPayload(String token, String payload) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + b64(payload) + "." + parts[2];
    }
}
