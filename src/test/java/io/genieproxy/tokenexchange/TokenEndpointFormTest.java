package io.genieproxy.tokenexchange;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.genieproxy.auth.BearerCredential;
import io.genieproxy.auth.CallerIdentity;
import io.genieproxy.auth.LogCapture;
import io.genieproxy.auth.MutableClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.genieproxy.auth.OutboundHttp;

/** The exact requests each strategy sends, and how IdP errors map, against a recording HTTP server. */
class TokenEndpointFormTest {

    private static final String SECRET = "s3cr3t-Value-9f8e7d6c5b4a";
    private static final String CALLER_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private static final String TOKEN_OK = "{\"token_type\":\"Bearer\",\"access_token\":\"upstream-abc\",\"expires_in\":3599}";

    private WireMockServer server;
    private MutableClock clock;
    private TokenEndpointClient client;
    private LogCapture logs;
    private final CallerIdentity alice = new CallerIdentity("alice@example.com", "a1", List.of(), "jwt");

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        client = new TokenEndpointClient(OutboundHttp.client(Duration.ofSeconds(2)), Duration.ofSeconds(2), clock);
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.stop();
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private UpstreamToken run(TokenExchanger exchanger) {
        return exchanger.tokenFor(alice, new BearerCredential(CALLER_TOKEN), server.baseUrl()).toCompletableFuture().join();
    }

    private ExchangeFailure failureOf(TokenExchanger exchanger) {
        try {
            run(exchanger);
        } catch (CompletionException e) {
            return ExchangeFailure.unwrap(e).orElseThrow(() -> new AssertionError(e));
        }
        return fail("the exchange succeeded");
    }

    private EntraOnBehalfOfExchanger obo() {
        return new EntraOnBehalfOfExchanger(client, server.baseUrl() + "/", "contoso.onmicrosoft.com", "proxy-app", SECRET);
    }

    @Test
    void entraOnBehalfOfPostsTheExactFormToTheTenantEndpoint() {
        server.stubFor(post(urlEqualTo("/contoso.onmicrosoft.com/oauth2/v2.0/token")).willReturn(okJson(TOKEN_OK)));
        UpstreamToken token = run(obo());
        assertEquals("upstream-abc", token.value());
        assertEquals(clock.instant().plusSeconds(3599), token.expiresAt());
        LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo("/contoso.onmicrosoft.com/oauth2/v2.0/token"))).get(0);
        assertEquals(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "client_id", "proxy-app",
                "client_secret", SECRET,
                "assertion", CALLER_TOKEN,
                "scope", "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default",
                "requested_token_use", "on_behalf_of"), form(request));
        assertTrue(request.getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"));
        logs.assertNeverLogged(CALLER_TOKEN);
        logs.assertNeverLogged(SECRET);
        logs.assertNeverLogged("upstream-abc");
    }

    @Test
    void entraDefaultsToThePublicCloudAuthority() {
        EntraOnBehalfOfExchanger exchanger = new EntraOnBehalfOfExchanger(client, null, "tenant-1", "id", SECRET);
        assertEquals("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token", exchanger.tokenEndpoint().toString());
        assertFalse(exchanger.toString().contains(SECRET));
    }

    @Test
    void entraConsentErrorIsA502NamingTheAadstsCode() {
        server.stubFor(post(urlEqualTo("/contoso.onmicrosoft.com/oauth2/v2.0/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS65001: The user or administrator has not consented"
                        + " to use the application with ID 'proxy-app'. assertion=" + CALLER_TOKEN + " Trace ID: 1\","
                        + "\"error_codes\":[65001],\"trace_id\":\"1\",\"correlation_id\":\"2\"}")));
        ExchangeFailure failure = failureOf(obo());
        assertEquals(ExchangeFailure.Kind.REFUSED, failure.kind());
        assertEquals(502, failure.status());
        assertTrue(failure.publicMessage().contains("invalid_grant"), failure.publicMessage());
        assertTrue(failure.publicMessage().contains("AADSTS65001"), failure.publicMessage());
        assertFalse(failure.publicMessage().contains(CALLER_TOKEN));
        assertFalse(failure.publicMessage().contains(SECRET));
        assertEquals("TOKEN_EXCHANGE_FAILED", failure.toRejection().reason().name());
        logs.assertNeverLogged(CALLER_TOKEN);
        logs.assertNeverLogged(SECRET);
    }

    @Test
    void interactionRequiredIsA502() {
        server.stubFor(post(urlEqualTo("/contoso.onmicrosoft.com/oauth2/v2.0/token")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"interaction_required\",\"error_description\":\"AADSTS50076: MFA\",\"claims\":\"{}\"}")));
        ExchangeFailure failure = failureOf(obo());
        assertEquals(502, failure.status());
        assertTrue(failure.publicMessage().contains("interaction_required"));
        assertTrue(failure.publicMessage().contains("AADSTS50076"));
    }

    @Test
    void idpServerErrorIsA503() {
        server.stubFor(post(urlEqualTo("/contoso.onmicrosoft.com/oauth2/v2.0/token")).willReturn(aResponse().withStatus(503)));
        ExchangeFailure failure = failureOf(obo());
        assertEquals(ExchangeFailure.Kind.UNAVAILABLE, failure.kind());
        assertEquals(503, failure.status());
    }

    @Test
    void idpTimeoutIsA503() {
        server.stubFor(post(urlEqualTo("/contoso.onmicrosoft.com/oauth2/v2.0/token")).willReturn(okJson(TOKEN_OK).withFixedDelay(1500)));
        TokenEndpointClient impatient = new TokenEndpointClient(OutboundHttp.client(Duration.ofSeconds(1)), Duration.ofMillis(200), clock);
        ExchangeFailure failure = failureOf(new EntraOnBehalfOfExchanger(impatient, server.baseUrl(), "contoso.onmicrosoft.com", "proxy-app", SECRET));
        assertEquals(503, failure.status());
        assertTrue(failure.publicMessage().contains("timed out"));
    }

    @Test
    void rfc8693PostsTheExactFormToTheWorkspace() {
        server.stubFor(post(urlEqualTo("/oidc/v1/token")).willReturn(okJson(TOKEN_OK)));
        run(new Rfc8693TokenExchanger(client, "sp-app-id", null));
        LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo("/oidc/v1/token"))).get(0);
        assertEquals(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", CALLER_TOKEN,
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt",
                "scope", "all-apis",
                "client_id", "sp-app-id"), form(request));
        assertFalse(request.containsHeader("Authorization"));
    }

    @Test
    void clientCredentialsUsesHttpBasicAndNeverSendsTheCallersToken() {
        server.stubFor(post(urlEqualTo("/oidc/v1/token")).willReturn(okJson(TOKEN_OK)));
        run(new ClientCredentialsExchanger(client, Map.of(server.baseUrl(), new ClientCredentials("sp-app-id", SECRET))));
        LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo("/oidc/v1/token"))).get(0);
        assertEquals(Map.of("grant_type", "client_credentials", "scope", "all-apis"), form(request));
        String basic = "Basic " + Base64.getEncoder().encodeToString(("sp-app-id:" + SECRET).getBytes(StandardCharsets.UTF_8));
        server.verify(postRequestedFor(urlEqualTo("/oidc/v1/token")).withHeader("Authorization", equalTo(basic)));
        assertFalse(request.getBodyAsString().contains(CALLER_TOKEN));
        assertFalse(request.getHeader("Authorization").contains(CALLER_TOKEN));
        logs.assertNeverLogged(SECRET);
    }

    @Test
    void aSuccessWithoutAccessTokenIsRefused() {
        server.stubFor(post(urlEqualTo("/oidc/v1/token")).willReturn(okJson("{\"token_type\":\"Bearer\"}")));
        assertEquals(502, failureOf(new Rfc8693TokenExchanger(client, (String) null, null)).status());
    }
}
