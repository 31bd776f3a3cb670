package io.genieproxy.tokenexchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.nimbusds.jwt.SignedJWT;
import io.genieproxy.auth.BearerCredential;
import io.genieproxy.auth.CallerIdentity;
import io.genieproxy.auth.LogCapture;
import io.genieproxy.auth.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.genieproxy.auth.OutboundHttp;

/** Every exchange strategy end to end against a real OAuth2 server issuing real signed tokens. */
class TokenExchangeTest {

    private static final String SECRET = "s3cr3t-Value-9f8e7d6c5b4a";

    private MockOAuth2Server idp;
    private CountingForwarder front;
    private MutableClock clock;
    private TokenEndpointClient client;
    private LogCapture logs;
    private String callerToken;
    private CallerIdentity alice;

    @BeforeEach
    void start() throws Exception {
        idp = new MockOAuth2Server();
        idp.start();
        front = new CountingForwarder(idp.baseUrl().toString());
        clock = new MutableClock(Instant.now());
        client = new TokenEndpointClient(OutboundHttp.client(Duration.ofSeconds(2)), Duration.ofSeconds(5), clock);
        callerToken = idp.issueToken("entra-tenant", "alice-oid", "proxy-app", Map.of("preferred_username", "alice@example.com")).serialize();
        alice = new CallerIdentity("alice@example.com", "alice-oid", List.of(), "jwt");
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        front.close();
        idp.shutdown();
    }

    private EntraOnBehalfOfExchanger obo() {
        return new EntraOnBehalfOfExchanger(client, front.baseUrl(), "entra-tenant", "proxy-app", SECRET);
    }

    private UpstreamToken exchange(TokenExchanger exchanger, CallerIdentity who, String token) {
        return exchanger.tokenFor(who, new BearerCredential(token), front.baseUrl() + "/ws").toCompletableFuture().join();
    }

    private void assertNoSecretLeaked() {
        logs.assertNeverLogged(callerToken);
        logs.assertNeverLogged(SECRET);
    }

    @Test
    void entraOnBehalfOfReturnsANewTokenForTheSameUser() throws Exception {
        UpstreamToken upstream = exchange(obo(), alice, callerToken);
        assertNotEquals(callerToken, upstream.value());
        assertEquals("alice-oid", SignedJWT.parse(upstream.value()).getJWTClaimsSet().getSubject());
        assertTrue(upstream.expiresAt().isAfter(clock.instant()));
        assertFalse(upstream.toString().contains(upstream.value()));
        assertEquals(1, front.tokenRequests());
        logs.assertNeverLogged(upstream.value());
        assertNoSecretLeaked();
    }

    @Test
    void rfc8693ExchangeAtTheWorkspaceReturnsANewToken() throws Exception {
        UpstreamToken upstream = exchange(new Rfc8693TokenExchanger(client, new ClientCredentials("proxy-app", SECRET), "databricks"), alice, callerToken);
        assertNotEquals(callerToken, upstream.value());
        assertEquals("alice-oid", SignedJWT.parse(upstream.value()).getJWTClaimsSet().getSubject());
        assertNoSecretLeaked();
    }

    @Test
    void clientCredentialsGetsTheServicePrincipalsToken() throws Exception {
        ClientCredentialsExchanger exchanger = new ClientCredentialsExchanger(client,
                Map.of(front.baseUrl() + "/ws/", new ClientCredentials("sp-app-id", SECRET)));
        UpstreamToken upstream = exchange(exchanger, alice, callerToken);
        assertNotEquals(callerToken, upstream.value());
        assertEquals("sp-app-id", SignedJWT.parse(upstream.value()).getJWTClaimsSet().getSubject());
        assertNoSecretLeaked();
    }

    @Test
    void clientCredentialsRefusesAnUnconfiguredWorkspace() {
        ClientCredentialsExchanger exchanger = new ClientCredentialsExchanger(client,
                Map.of("https://adb-1.azuredatabricks.net", new ClientCredentials("sp-app-id", SECRET)));
        ExchangeFailure failure = failureOf(exchanger, callerToken);
        assertEquals(ExchangeFailure.Kind.NOT_CONFIGURED, failure.kind());
        assertEquals(502, failure.status());
        assertEquals(0, front.tokenRequests());
    }

    @Test
    void hundredConcurrentRequestsOfOneCallerMakeExactlyOneExchange() throws Exception {
        front.delay(300);
        ExchangedTokenCache cache = new ExchangedTokenCache(obo(), 1000, clock);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<CompletableFuture<UpstreamToken>> all = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 100; i++) {
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return cache.tokenFor(alice, new BearerCredential(callerToken), front.baseUrl() + "/ws").toCompletableFuture();
                }, pool).thenCompose(f -> f));
            }
            go.countDown();
            String first = all.get(0).join().value();
            all.forEach(f -> assertEquals(first, f.join().value()));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, front.tokenRequests());
        assertNoSecretLeaked();
    }

    @Test
    void differentCallersNeverShareAnExchangedToken() {
        ExchangedTokenCache cache = new ExchangedTokenCache(obo(), 1000, clock);
        String bobToken = idp.issueToken("entra-tenant", "bob-oid", "proxy-app", Map.of()).serialize();
        CallerIdentity bob = new CallerIdentity("bob@example.com", "bob-oid", List.of(), "jwt");
        UpstreamToken forAlice = exchange(cache, alice, callerToken);
        UpstreamToken forBob = exchange(cache, bob, bobToken);
        assertNotEquals(forAlice.value(), forBob.value());
        assertEquals(forAlice.value(), exchange(cache, alice, callerToken).value());
        assertEquals(2, front.tokenRequests());
    }

    @Test
    void refreshesACachedTokenBeforeItExpires() {
        ExchangedTokenCache cache = new ExchangedTokenCache(obo(), 1000, clock);
        UpstreamToken first = exchange(cache, alice, callerToken);
        Duration lifetime = Duration.between(clock.instant(), first.expiresAt());
        clock.advance(lifetime.multipliedBy(8).dividedBy(10));
        assertEquals(first.value(), exchange(cache, alice, callerToken).value());
        assertEquals(1, front.tokenRequests());
        clock.advance(lifetime.dividedBy(10).plusSeconds(1));
        exchange(cache, alice, callerToken);
        assertEquals(2, front.tokenRequests());
    }

    @Test
    void aRefusedExchangeIsA502AndNeverFallsBackToTheCallersToken() {
        ExchangeFailure failure = failureOf(obo(), "dapi-not-a-jwt-0123456789");
        assertEquals(ExchangeFailure.Kind.REFUSED, failure.kind());
        assertEquals(502, failure.status());
        assertFalse(failure.publicMessage().contains("dapi-not-a-jwt-0123456789"));
        assertFalse(failure.publicMessage().contains(SECRET));
        logs.assertNeverLogged("dapi-not-a-jwt-0123456789");
        logs.assertNeverLogged(SECRET);
    }

    @Test
    void anUnreachableIdpIsA503() {
        front.close();
        ExchangeFailure failure = failureOf(obo(), callerToken);
        assertEquals(ExchangeFailure.Kind.UNAVAILABLE, failure.kind());
        assertEquals(503, failure.status());
        assertNoSecretLeaked();
    }

    @Test
    void aFailedExchangeIsNotCached() {
        ExchangedTokenCache cache = new ExchangedTokenCache(obo(), 1000, clock);
        failureOf(cache, "dapi-not-a-jwt-0123456789");
        failureOf(cache, "dapi-not-a-jwt-0123456789");
        assertEquals(2, front.tokenRequests());
    }

    @Test
    void passthroughSendsTheCallersOwnToken() {
        UpstreamToken upstream = new PassthroughExchanger().tokenFor(alice, new BearerCredential(callerToken), "https://x")
                .toCompletableFuture().join();
        assertEquals(callerToken, upstream.value());
        assertFalse(upstream.toString().contains(callerToken));
    }

    private ExchangeFailure failureOf(TokenExchanger exchanger, String token) {
        try {
            exchange(exchanger, alice, token);
        } catch (CompletionException e) {
            ExchangeFailure failure = ExchangeFailure.unwrap(e).orElseThrow(() -> new AssertionError("not an ExchangeFailure", e));
            assertFalse(failure.toString().contains(token));
            return failure;
        }
        return fail("the exchange succeeded");
    }
}
