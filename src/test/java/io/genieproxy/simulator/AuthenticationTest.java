package io.genieproxy.simulator;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.genieproxy.simulator.SimulatorHttp.json;
import static io.genieproxy.simulator.SimulatorHttp.list;
import static io.genieproxy.simulator.SimulatorHttp.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticationTest {
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-20T16:00:00Z"));
    private MockOAuth2Server idp;
    private SimulatedWorkspace workspace;
    private SimulatorHttp anonymous;

    @BeforeEach
    void start() {
        idp = new MockOAuth2Server();
        idp.start();
        URI jwks = idp.jwksUrl("corp").uri();
        workspace = SimulatedWorkspace.start(SimulatorSettings.defaults().withClock(clock)
                .withTrustedIssuer(idp.issuerUrl("corp").toString(), jwks));
        anonymous = new SimulatorHttp(workspace.uri(), null);
    }

    @AfterEach
    void stop() {
        workspace.close();
        idp.shutdown();
    }

    private String idpToken(String subject, Map<String, Object> claims) {
        return idp.issueToken("corp", "client", new DefaultOAuth2TokenCallback("corp", subject, "JWT", List.of("genie-proxy"), claims, 3600))
                .serialize();
    }

    @Test
    void refusesMissingCredentialWithUnauthenticated() {
        HttpResponse<String> response = anonymous.get("/api/2.0/genie/spaces");
        assertEquals(401, response.statusCode());
        assertEquals("{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Credential was not sent or was of an unsupported type for this API.\"}",
                response.body());
        assertEquals(401, anonymous.send(anonymous.builder("/api/2.0/genie/spaces").header("Authorization", "Basic Zm9vOmJhcg==").build())
                .statusCode());
    }

    @Test
    void refusesUnknownTokenWithPermissionDenied() {
        HttpResponse<String> response = anonymous.as("dapi-not-a-real-token").get("/api/2.0/genie/spaces");
        assertEquals(403, response.statusCode());
        assertEquals("{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"Invalid access token.\"}", response.body());
        assertFalse(response.body().contains("dapi-not-a-real-token"));
        assertEquals(403, anonymous.as("bad").get("/api/2.0/preview/scim/v2/Me").statusCode());
    }

    @Test
    void describesTheCallerThroughScimMe() {
        Map<String, Object> me = json(anonymous.as(SimulatorSettings.DEMO_TOKEN_2).get("/api/2.0/preview/scim/v2/Me"));
        assertEquals("analyst@example.com", me.get("userName"));
        assertEquals("5927346198823456", me.get("id"));
        assertEquals(Boolean.TRUE, me.get("active"));
        assertEquals("analyst@example.com", map(list(me.get("emails")).get(0)).get("value"));
        assertEquals(List.of("users", "analysts"), list(me.get("groups")).stream().map(g -> map(g).get("display")).toList());
        assertTrue(map(me.get("name")).containsKey("givenName"));
        assertEquals("demo@example.com", json(anonymous.as(SimulatorSettings.DEMO_TOKEN).get("/api/2.0/preview/scim/v2/Me")).get("userName"));
    }

    @Test
    void issuesClientCredentialTokensThatExpire() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (SimulatorSettings.DEMO_CLIENT_ID + ":" + SimulatorSettings.DEMO_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> token = json(anonymous.postForm("/oidc/v1/token", "grant_type=client_credentials&scope=all-apis", basic));
        assertEquals("Bearer", token.get("token_type"));
        assertEquals(3600L, ((Number) token.get("expires_in")).longValue());
        assertEquals("all-apis", token.get("scope"));
        SimulatorHttp principal = anonymous.as((String) token.get("access_token"));
        assertEquals(SimulatorSettings.DEMO_SP_APPLICATION_ID, json(principal.get("/api/2.0/preview/scim/v2/Me")).get("userName"));

        String form = "grant_type=client_credentials&scope=all-apis&client_id=" + SimulatorSettings.DEMO_CLIENT_ID
                + "&client_secret=" + SimulatorSettings.DEMO_CLIENT_SECRET;
        assertEquals(200, anonymous.postForm("/oidc/v1/token", form, null).statusCode());
        assertEquals(2, workspace.clientCredentialGrants());

        HttpResponse<String> wrong = anonymous.postForm("/oidc/v1/token",
                "grant_type=client_credentials&client_id=" + SimulatorSettings.DEMO_CLIENT_ID + "&client_secret=nope", null);
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid_client", json(wrong).get("error"));
        assertFalse(wrong.body().contains("nope"));

        clock.advance(Duration.ofSeconds(3600));
        assertEquals(403, principal.get("/api/2.0/genie/spaces").statusCode());
    }

    @Test
    void exchangesTrustedIdpJwtForWorkspaceToken() {
        String jwt = idpToken("user-42", Map.of("preferred_username", "analyst@example.com"));
        String form = "grant_type=" + enc(TOKEN_EXCHANGE) + "&subject_token=" + jwt + "&subject_token_type=" + enc(JWT_TYPE) + "&scope=all-apis";
        HttpResponse<String> response = anonymous.postForm("/oidc/v1/token", form, null);
        assertEquals(200, response.statusCode(), response.body());
        String token = (String) json(response).get("access_token");
        assertFalse(token.contains("."));
        assertEquals(1, workspace.tokenExchanges());
        Map<String, Object> me = json(anonymous.as(token).get("/api/2.0/preview/scim/v2/Me"));
        assertEquals("analyst@example.com", me.get("userName"));
        assertEquals("5927346198823456", me.get("id"));
    }

    @Test
    void refusesTokenExchangeOfUntrustedOrMalformedJwt() {
        MockOAuth2Server stranger = new MockOAuth2Server();
        stranger.start();
        try {
            String foreign = stranger.issueToken("other", "client", new DefaultOAuth2TokenCallback()).serialize();
            String form = "grant_type=" + enc(TOKEN_EXCHANGE) + "&subject_token=" + foreign + "&subject_token_type=" + enc(JWT_TYPE);
            HttpResponse<String> response = anonymous.postForm("/oidc/v1/token", form, null);
            assertEquals(400, response.statusCode());
            assertEquals("invalid_grant", json(response).get("error"));
        } finally {
            stranger.shutdown();
        }
        String jwt = idpToken("someone", Map.of());
        HttpResponse<String> wrongType = anonymous.postForm("/oidc/v1/token",
                "grant_type=" + enc(TOKEN_EXCHANGE) + "&subject_token=" + jwt + "&subject_token_type=access_token", null);
        assertEquals("invalid_request", json(wrongType).get("error"));
        assertEquals("unsupported_grant_type", json(anonymous.postForm("/oidc/v1/token", "grant_type=password", null)).get("error"));
        assertEquals(0, workspace.tokensIssued());
    }

    @Test
    void acceptsTrustedJwtDirectlyAsBearer() {
        String jwt = idpToken("sub-1", Map.of("email", "new.person@example.com"));
        Map<String, Object> me = json(anonymous.as(jwt).get("/api/2.0/preview/scim/v2/Me"));
        assertEquals("new.person@example.com", me.get("userName"));
        assertTrue(((String) me.get("id")).matches("\\d+"));
        String tampered = jwt.substring(0, jwt.length() - 4) + "AAAA";
        assertEquals(403, anonymous.as(tampered).get("/api/2.0/genie/spaces").statusCode());
    }

    @Test
    void publishesOidcDiscovery() {
        Map<String, Object> discovery = json(anonymous.get("/oidc/.well-known/oauth-authorization-server"));
        assertEquals(workspace.uri() + "/oidc/v1/token", discovery.get("token_endpoint"));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
