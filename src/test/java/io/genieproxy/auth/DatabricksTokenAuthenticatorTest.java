package io.genieproxy.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Databricks mode against a stand-in workspace answering SCIM Me over real HTTP. */
class DatabricksTokenAuthenticatorTest {

    private static final String ME = DatabricksTokenAuthenticator.SCIM_ME_PATH;
    private static final String TOKEN = "dapi-alice-0123456789abcdef";
    private static final String ME_BODY = """
            {"id":"7301","userName":"alice@example.com","displayName":"Alice","active":true,
             "groups":[{"display":"analysts","value":"11"},{"display":"admins","value":"12"}],
             "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}""";

    private WireMockServer workspace;
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private DatabricksTokenAuthenticator authenticator;
    private LogCapture logs;

    @BeforeEach
    void start() {
        workspace = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        workspace.start();
        authenticator = authenticatorFor(URI.create(workspace.baseUrl()), Duration.ofSeconds(2));
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        workspace.stop();
    }

    private DatabricksTokenAuthenticator authenticatorFor(URI url, Duration timeout) {
        return new DatabricksTokenAuthenticator(OutboundHttp.client(Duration.ofSeconds(1)),
                url, timeout, Duration.ofMinutes(5), 1000, ticker);
    }

    private void answerMe(String token, int delayMillis) {
        workspace.stubFor(WireMock.get(urlEqualTo(ME)).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson(ME_BODY).withFixedDelay(delayMillis)));
    }

    private CallerIdentity authenticate(String token) {
        return authenticator.authenticate(new BearerCredential(token)).toCompletableFuture().join();
    }

    private AuthFailure failureOf(DatabricksTokenAuthenticator a, String token) {
        try {
            a.authenticate(new BearerCredential(token)).toCompletableFuture().join();
        } catch (CompletionException e) {
            return AuthFailure.unwrap(e).orElseThrow(() -> new AssertionError("not an AuthFailure", e));
        }
        return fail("the token was accepted");
    }

    @Test
    void resolvesIdentityFromScimMe() {
        answerMe(TOKEN, 0);
        CallerIdentity who = authenticate(TOKEN);
        assertEquals("alice@example.com", who.userName());
        assertEquals("7301", who.userId());
        assertEquals(List.of("analysts", "admins"), who.groups());
        assertEquals("databricks", who.source());
        logs.assertNeverLogged(TOKEN);
    }

    @Test
    void cachesTheIdentitySoManyRequestsMakeOneScimCall() {
        answerMe(TOKEN, 0);
        for (int i = 0; i < 50; i++) {
            assertEquals("alice@example.com", authenticate(TOKEN).userName());
        }
        workspace.verify(1, getRequestedFor(urlEqualTo(ME)));
    }

    @Test
    void concurrentFirstRequestsShareOneScimCall() throws Exception {
        answerMe(TOKEN, 300);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<CallerIdentity>> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                all.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return authenticator.authenticate(new BearerCredential(TOKEN)).toCompletableFuture();
                }, pool).thenCompose(f -> f));
            }
            go.countDown();
            all.forEach(f -> assertEquals("alice@example.com", f.join().userName()));
        } finally {
            pool.shutdownNow();
        }
        workspace.verify(1, getRequestedFor(urlEqualTo(ME)));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void asksAgainOnceTheTtlHasPassed() {
        answerMe(TOKEN, 0);
        authenticate(TOKEN);
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        authenticate(TOKEN);
        workspace.verify(1, getRequestedFor(urlEqualTo(ME)));
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        authenticate(TOKEN);
        workspace.verify(2, getRequestedFor(urlEqualTo(ME)));
    }

    @Test
    void doesNotMixUpTwoCallers() {
        answerMe(TOKEN, 0);
        workspace.stubFor(WireMock.get(urlEqualTo(ME)).withHeader("Authorization", equalTo("Bearer dapi-bob"))
                .willReturn(okJson("{\"id\":\"2\",\"userName\":\"bob@example.com\"}")));
        assertEquals("alice@example.com", authenticate(TOKEN).userName());
        assertEquals("bob@example.com", authenticate("dapi-bob").userName());
        assertEquals("alice@example.com", authenticate(TOKEN).userName());
    }

    @Test
    void passesTheWorkspacesRefusalThroughAndDoesNotCacheIt() {
        String refusal = "{\"error_code\":403,\"message\":\"Invalid access token.\"}";
        workspace.stubFor(WireMock.get(urlEqualTo(ME)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withHeader("X-Databricks-Reason-Phrase", "Invalid access token.")
                .withHeader("Set-Cookie", "session=workspace-only").withBody(refusal)));
        AuthFailure failure = failureOf(authenticator, "dapi-revoked");
        assertEquals(AuthFailure.Kind.UPSTREAM_REFUSED, failure.kind());
        assertEquals(403, failure.status());
        assertEquals(refusal, failure.upstreamBody().orElseThrow());
        assertEquals(java.util.List.of(java.util.Map.entry("Content-Type", "application/json"),
                java.util.Map.entry("X-Databricks-Reason-Phrase", "Invalid access token.")), failure.upstreamHeaders(),
                "the refusal's own headers pass, nothing else");
        failureOf(authenticator, "dapi-revoked");
        workspace.verify(2, getRequestedFor(urlEqualTo(ME)));
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains(new BearerCredential("dapi-revoked").fingerprint())),
                "the log capture sees the proxy's lines");
        logs.assertNeverLogged("dapi-revoked");
    }

    @Test
    void passesA401Through() {
        workspace.stubFor(WireMock.get(urlEqualTo(ME)).willReturn(aResponse().withStatus(401).withBody("no")));
        AuthFailure failure = failureOf(authenticator, TOKEN);
        assertEquals(401, failure.status());
        assertEquals(AuthFailure.Kind.UPSTREAM_REFUSED, failure.kind());
    }

    @Test
    void invalidateForgetsACachedIdentity() {
        answerMe(TOKEN, 0);
        authenticate(TOKEN);
        authenticator.invalidate(new BearerCredential(TOKEN));
        authenticate(TOKEN);
        workspace.verify(2, getRequestedFor(urlEqualTo(ME)));
    }

    @Test
    void failsClosedWith503WhenTheWorkspaceIsDown() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AuthFailure failure = failureOf(authenticatorFor(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(1)), TOKEN);
        assertEquals(AuthFailure.Kind.UNAVAILABLE, failure.kind());
        assertEquals(503, failure.status());
        assertFalse(failure.toString().contains(TOKEN));
        logs.assertNeverLogged(TOKEN);
    }

    @Test
    void failsClosedWith503WhenTheWorkspaceIsSlow() {
        answerMe(TOKEN, 2000);
        AuthFailure failure = failureOf(authenticatorFor(URI.create(workspace.baseUrl()), Duration.ofMillis(200)), TOKEN);
        assertEquals(AuthFailure.Kind.UNAVAILABLE, failure.kind());
        assertTrue(failure.publicMessage().contains("timed out"));
    }

    @Test
    void failsClosedWith503OnAServerError() {
        workspace.stubFor(WireMock.get(urlEqualTo(ME)).willReturn(aResponse().withStatus(502)));
        assertEquals(503, failureOf(authenticator, TOKEN).status());
        workspace.resetAll();
        workspace.stubFor(WireMock.get(urlEqualTo(ME)).willReturn(okJson("{\"id\":\"1\"}")));
        assertEquals(AuthFailure.Kind.UNAVAILABLE, failureOf(authenticator, TOKEN).kind());
        workspace.stubFor(WireMock.get(urlEqualTo(ME)).willReturn(okJson("not json")));
        assertEquals(AuthFailure.Kind.UNAVAILABLE, failureOf(authenticator, TOKEN).kind());
    }
}
