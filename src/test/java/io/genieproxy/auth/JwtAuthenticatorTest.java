package io.genieproxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWT mode against a real OAuth2 server issuing real signed tokens. */
class JwtAuthenticatorTest {

    private MockOAuth2Server server;
    private JwtAuthenticator authenticator;
    private LogCapture logs;

    @BeforeEach
    void start() {
        server = new MockOAuth2Server();
        server.start();
        JwksCache keys = new JwksCache(OutboundHttp.client(Duration.ofSeconds(2)),
                URI.create(server.jwksUrl("corp").toString()), Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofMinutes(15), Clock.systemUTC());
        JwtValidator validator = new JwtValidator(keys, server.issuerUrl("corp").toString(), "genie-proxy",
                Duration.ofSeconds(60), 8192, Clock.systemUTC());
        authenticator = new JwtAuthenticator(validator);
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.shutdown();
    }

    private AuthFailure failureOf(String token) {
        try {
            authenticator.authenticate(new BearerCredential(token)).toCompletableFuture().join();
        } catch (CompletionException e) {
            return AuthFailure.unwrap(e).orElseThrow(() -> new AssertionError("not an AuthFailure", e));
        }
        return fail("the token was accepted");
    }

    @Test
    void resolvesIdentityFromPreferredUsernameAndGroups() {
        String token = server.issueToken("corp", "subject-42", "genie-proxy",
                Map.of("preferred_username", "ana@example.com", "groups", List.of("analysts", "admins"), "roles", List.of("Genie.User")))
                .serialize();
        CallerIdentity who = authenticator.authenticate(new BearerCredential(token)).toCompletableFuture().join();
        assertEquals("ana@example.com", who.userName());
        assertEquals("subject-42", who.userId());
        assertEquals(List.of("analysts", "admins", "Genie.User"), who.groups());
        assertEquals("jwt", who.source());
        logs.assertNeverLogged(token);
    }

    @Test
    void fallsBackToSubjectForTheUserName() {
        String token = server.issueToken("corp", "svc-7", "genie-proxy", Map.of()).serialize();
        CallerIdentity who = authenticator.authenticate(new BearerCredential(token)).toCompletableFuture().join();
        assertEquals("svc-7", who.userName());
    }

    @Test
    void rejectsTokenFromAnotherIssuersKeys() {
        String token = server.issueToken("other-tenant", "subject-42", "genie-proxy", Map.of()).serialize();
        AuthFailure failure = failureOf(token);
        assertEquals(AuthFailure.Kind.INVALID, failure.kind());
        assertTrue(failure.publicMessage().contains("key") || failure.publicMessage().contains("signature"), failure.publicMessage());
        assertFalse(failure.toString().contains(token));
        logs.assertNeverLogged(token);
    }

    @Test
    void rejectsRealTokenForAnotherAudience() {
        String token = server.issueToken("corp", "subject-42", "some-other-api", Map.of()).serialize();
        AuthFailure failure = failureOf(token);
        assertEquals(401, failure.status());
        assertTrue(failure.publicMessage().contains("audience does not match"));
        logs.assertNeverLogged(token);
    }
}
