package io.genieproxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key rotation: an unknown kid refetches the JWKS, but never more than once per window. */
class JwksRotationTest {

    private static final long NOW = 1_700_000_000L;
    private static final String ISSUER = "https://idp.example/own";

    private OwnJwksServer idp;
    private MutableClock clock;
    private JwtValidator validator;

    @BeforeEach
    void start() throws Exception {
        idp = new OwnJwksServer();
        clock = new MutableClock(Instant.ofEpochSecond(NOW));
        JwksCache keys = new JwksCache(OutboundHttp.client(Duration.ofSeconds(2)), idp.jwksUrl(),
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(1), clock);
        validator = new JwtValidator(keys, ISSUER, "genie-proxy", Duration.ofSeconds(60), 8192, clock);
    }

    @AfterEach
    void stop() throws Exception {
        idp.close();
    }

    private String token(RSAKey key) throws Exception {
        return token(key, key.getKeyID());
    }

    private String token(RSAKey key, String kid) throws Exception {
        long now = clock.instant().getEpochSecond();
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"u\",\"aud\":\"genie-proxy\",\"exp\":" + (now + 600) + "}";
        return OwnJwksServer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), payload, key);
    }

    @Test
    void fetchesTheJwksOnceForManyTokens() throws Exception {
        for (int i = 0; i < 20; i++) {
            validator.validate(idp.signRs256("{\"iss\":\"" + ISSUER + "\",\"sub\":\"u\",\"aud\":\"genie-proxy\",\"exp\":" + (NOW + 600) + "}"));
        }
        assertEquals(1, idp.jwksFetches());
    }

    @Test
    void unknownKidTriggersOneRefetchThatFindsTheRotatedKey() throws Exception {
        validator.validate(token(idp.rsa));
        assertEquals(1, idp.jwksFetches());

        RSAKey next = new RSAKeyGenerator(2048).keyID("rotated").generate();
        idp.publish(idp.rsa, next);
        clock.advance(Duration.ofSeconds(31));

        assertEquals("u", validator.validate(token(next)).getSubject());
        assertEquals(2, idp.jwksFetches());
        validator.validate(token(next));
        assertEquals(2, idp.jwksFetches());
    }

    @Test
    void floodOfUnknownKidsRefetchesAtMostOncePerWindow() throws Exception {
        validator.validate(token(idp.rsa));
        clock.advance(Duration.ofSeconds(31));
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        for (int i = 0; i < 50; i++) {
            String t = token(stranger, "made-up-" + i);
            AuthFailure failure = assertThrows(AuthFailure.class, () -> validator.validate(t));
            assertEquals(AuthFailure.Kind.INVALID, failure.kind());
            if (i == 0) {
                assertEquals(2, idp.jwksFetches());
            }
            clock.advance(Duration.ofMillis(100));
        }
        assertEquals(2, idp.jwksFetches());
        clock.advance(Duration.ofSeconds(30));
        String t = token(stranger, "late");
        assertThrows(AuthFailure.class, () -> validator.validate(t));
        assertThrows(AuthFailure.class, () -> validator.validate(t));
        assertEquals(3, idp.jwksFetches());
    }
}
