package io.genieproxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile tokens signed with keys we control, against a JWKS we serve ourselves. */
class JwtValidatorTest {

    private static final String ISSUER = "https://idp.example/own";
    private static final String AUDIENCE = "genie-proxy";
    private static final long NOW = 1_700_000_000L;

    private OwnJwksServer idp;
    private MutableClock clock;
    private JwksCache keys;
    private JwtValidator validator;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        idp = new OwnJwksServer();
        clock = new MutableClock(Instant.ofEpochSecond(NOW));
        keys = new JwksCache(OutboundHttp.client(Duration.ofSeconds(2)), idp.jwksUrl(),
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(15), clock);
        validator = new JwtValidator(keys, ISSUER, AUDIENCE, Duration.ofSeconds(60), 8192, clock);
        logs = new LogCapture();
    }

    @AfterEach
    void stop() throws Exception {
        logs.close();
        idp.close();
    }

    private static String payload(String members) {
        return "{\"iss\":\"" + ISSUER + "\",\"sub\":\"user-1\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + (NOW - 10)
                + (members.isEmpty() ? "" : "," + members) + "}";
    }

    private static String valid() {
        return payload("\"exp\":" + (NOW + 600) + ",\"preferred_username\":\"ana@example.com\"");
    }

    private AuthFailure rejects(String token, String reason) {
        AuthFailure failure = assertThrows(AuthFailure.class, () -> validator.validate(token));
        assertEquals(AuthFailure.Kind.INVALID, failure.kind(), failure.publicMessage());
        assertEquals(401, failure.status());
        assertTrue(failure.publicMessage().contains(reason), "expected '" + reason + "' in: " + failure.publicMessage());
        assertSecretNowhere(token, failure);
        return failure;
    }

    private void assertSecretNowhere(String token, Exception failure) {
        assertFalse(failure.getMessage().contains(token));
        assertFalse(failure.toString().contains(token));
        String signature = token.substring(token.lastIndexOf('.') + 1);
        if (signature.length() > 8) {
            assertFalse(failure.getMessage().contains(signature));
        }
        logs.assertNeverLogged(token);
    }

    @Test
    void acceptsTokenSignedByTrustedRsaKey() throws Exception {
        String token = idp.signRs256(valid());
        JWTClaimsSet claims = validator.validate(token);
        assertEquals("user-1", claims.getSubject());
        logs.assertNeverLogged(token);
    }

    @Test
    void acceptsTokenSignedByTrustedEcKeyWithEs256() throws Exception {
        String token = OwnJwksServer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("own-ec").build(), valid(), idp.ec);
        assertEquals("user-1", validator.validate(token).getSubject());
    }

    @Test
    void acceptsTokenSignedWithPs256() throws Exception {
        String token = OwnJwksServer.sign(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("own-rsa").build(), valid(), idp.rsa);
        assertEquals("user-1", validator.validate(token).getSubject());
    }

    @Test
    void rejectsTokenSignedByAnotherKeyUnderTrustedKid() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("own-rsa").generate();
        String token = OwnJwksServer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("own-rsa").build(), valid(), attacker);
        rejects(token, "signature does not verify");
    }

    @Test
    void rejectsTokenWithTamperedPayload() throws Exception {
        String token = idp.signRs256(valid());
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + Base64URL.encode(valid().replace("user-1", "admin")) + "." + parts[2];
        rejects(forged, "signature does not verify");
    }

    @Test
    void rejectsAlgNone() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"own-rsa\"}").toString();
        String token = header + "." + Base64URL.encode(valid()) + ".";
        rejects(token, "not a compact signed JWT");
        String withFakeSignature = header + "." + Base64URL.encode(valid()) + ".AAAA";
        rejects(withFakeSignature, "not a compact signed JWT");
    }

    @Test
    void rejectsHs256SignedWithThePublicKeyBytes() throws Exception {
        byte[] publicKeyBytes = idp.rsa.toRSAPublicKey().getEncoded();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("own-rsa").build(), new Payload(valid()));
        jws.sign(new MACSigner(publicKeyBytes));
        rejects(jws.serialize(), "algorithm not accepted");
        byte[] jwkJsonBytes = idp.rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        JWSObject jws2 = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("own-rsa").build(), new Payload(valid()));
        jws2.sign(new MACSigner(jwkJsonBytes));
        rejects(jws2.serialize(), "algorithm not accepted");
    }

    @Test
    void rejectsEmbeddedJwkHeaderNamingAttackerKey() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("own-rsa").generate();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("own-rsa").jwk(attacker.toPublicJWK()).build();
        rejects(OwnJwksServer.sign(header, valid(), attacker), "'jwk'");
    }

    @Test
    void rejectsJkuHeaderPointingAtAttackerJwks() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("own-rsa").generate();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("own-rsa")
                .jwkURL(URI.create("https://attacker.example/jwks.json")).build();
        rejects(OwnJwksServer.sign(header, valid(), attacker), "'jku'");
        rejects(OwnJwksServer.sign(header, valid(), idp.rsa), "'jku'");
    }

    @Test
    void rejectsX5uHeader() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("own-rsa")
                .x509CertURL(URI.create("https://attacker.example/cert.pem")).build();
        rejects(OwnJwksServer.sign(header, valid(), idp.rsa), "'x5u'");
    }

    @Test
    void rejectsX5cHeader() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("own-rsa")
                .x509CertChain(List.of(Base64.encode(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))).build();
        rejects(OwnJwksServer.sign(header, valid(), idp.rsa), "'x5c'");
    }

    @Test
    void rejectsCritHeader() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("own-rsa")
                .criticalParams(Set.of("exp")).customParam("exp", NOW + 600).build();
        rejects(OwnJwksServer.sign(header, valid(), idp.rsa), "'crit'");
    }

    @Test
    void rejectsUnknownKid() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        String token = OwnJwksServer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(), valid(), stranger);
        rejects(token, "unknown key");
    }

    @Test
    void rejectsWrongIssuer() throws Exception {
        rejects(idp.signRs256(valid().replace(ISSUER, "https://evil.example/own")), "issuer does not match");
        rejects(idp.signRs256(valid().replace(ISSUER, ISSUER + "/")), "issuer does not match");
    }

    @Test
    void rejectsMissingAudience() throws Exception {
        String noAud = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"user-1\",\"exp\":" + (NOW + 600) + "}";
        rejects(idp.signRs256(noAud), "audience missing");
    }

    @Test
    void rejectsWrongAudience() throws Exception {
        rejects(idp.signRs256(valid().replace("\"aud\":\"" + AUDIENCE + "\"", "\"aud\":\"someone-else\"")), "audience does not match");
        rejects(idp.signRs256(valid().replace("\"aud\":\"" + AUDIENCE + "\"", "\"aud\":[\"a\",\"b\"]")), "audience does not match");
    }

    @Test
    void acceptsAudienceListContainingOurs() throws Exception {
        String token = idp.signRs256(valid().replace("\"aud\":\"" + AUDIENCE + "\"", "\"aud\":[\"other\",\"" + AUDIENCE + "\"]"));
        assertEquals("user-1", validator.validate(token).getSubject());
    }

    @Test
    void rejectsTokenWithoutExp() throws Exception {
        rejects(idp.signRs256(payload("")), "expiry missing or not a number");
    }

    @Test
    void rejectsTokenWithNullExp() throws Exception {
        rejects(idp.signRs256(payload("\"exp\":null")), "expiry missing or not a number");
    }

    @Test
    void rejectsTokenWithStringExp() throws Exception {
        rejects(idp.signRs256(payload("\"exp\":\"" + (NOW + 600) + "\"")), "expiry missing or not a number");
        rejects(idp.signRs256(payload("\"exp\":\"123\"")), "expiry missing or not a number");
    }

    @Test
    void rejectsDuplicateExpMembers() throws Exception {
        rejects(idp.signRs256(payload("\"exp\":" + (NOW - 9999) + ",\"exp\":" + (NOW + 600))), "claims are not valid JSON");
    }

    @Test
    void rejectsNullNbf() throws Exception {
        rejects(idp.signRs256(payload("\"exp\":" + (NOW + 600) + ",\"nbf\":null")), "'nbf' is not a number");
    }

    @Test
    void rejectsTokenExpiredBeyondSkew() throws Exception {
        rejects(idp.signRs256(payload("\"exp\":" + (NOW - 61))), "expired");
    }

    @Test
    void acceptsTokenExpiredWithinSkew() throws Exception {
        assertEquals("user-1", validator.validate(idp.signRs256(payload("\"exp\":" + (NOW - 30)))).getSubject());
    }

    @Test
    void rejectsTokenNotYetValid() throws Exception {
        rejects(idp.signRs256(payload("\"exp\":" + (NOW + 6000) + ",\"nbf\":" + (NOW + 120))), "not yet valid");
        assertEquals("user-1", validator.validate(idp.signRs256(payload("\"exp\":" + (NOW + 6000) + ",\"nbf\":" + (NOW + 50)))).getSubject());
    }

    @Test
    void rejectsTokenIssuedInTheFuture() throws Exception {
        String p = payload("\"exp\":" + (NOW + 6000)).replace("\"iat\":" + (NOW - 10), "\"iat\":" + (NOW + 300));
        rejects(idp.signRs256(p), "issued in the future");
    }

    @Test
    void rejectsTokenWithoutSubject() throws Exception {
        rejects(idp.signRs256(valid().replace("\"sub\":\"user-1\",", "")), "subject missing");
    }

    @Test
    void rejectsWhitespaceAndControlBytesInsideTheToken() throws Exception {
        String token = idp.signRs256(valid());
        int mid = token.indexOf('.') + 5;
        for (String inserted : List.of(" ", "\t", "\n", "\r\n", "\u0000", "\u000b", "=", "+")) {
            rejects(token.substring(0, mid) + inserted + token.substring(mid), "not a compact signed JWT");
        }
        rejects(" " + token, "not a compact signed JWT");
        rejects(token + "\n", "not a compact signed JWT");
    }

    /** Random edits of a valid token (characters replaced, dropped, added; segments swapped) are all refused with 401. */
    @Test
    void refusesEveryRandomEditOfAValidTokenWith401() throws Exception {
        String token = idp.signRs256(valid());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ {}\"";
        java.util.Random random = new java.util.Random(20261123);
        int refused = 0;
        for (int trial = 0; trial < 600; trial++) {
            StringBuilder edited = new StringBuilder(token);
            for (int edits = 1 + random.nextInt(3); edits > 0 && edited.length() > 0; edits--) {
                int at = random.nextInt(edited.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(4)) {
                    case 0 -> edited.setCharAt(at, c);
                    case 1 -> edited.deleteCharAt(at);
                    case 2 -> edited.insert(at, c);
                    default -> {
                        String[] parts = edited.toString().split("\\.", -1);
                        if (parts.length == 3) {
                            edited = new StringBuilder(parts[random.nextInt(3)] + "." + parts[random.nextInt(3)] + "." + parts[random.nextInt(3)]);
                        }
                    }
                }
            }
            String candidate = edited.toString();
            if (candidate.equals(token)) {
                continue;
            }
            try {
                validator.validate(candidate);
                throw new AssertionError("an edited token verified: " + candidate);
            } catch (AuthFailure failure) {
                assertEquals(401, failure.status(), failure.publicMessage());
                assertSecretNowhere(candidate, failure);
                refused++;
            } catch (RuntimeException unexpected) {
                throw new AssertionError("unexpected " + unexpected + " for " + candidate, unexpected);
            }
        }
        assertTrue(refused > 550, "refused " + refused);
    }

    /** Decoders ignore a segment's unused trailing bits; a second spelling of a signed token is still refused. */
    @Test
    void rejectsEverySecondSpellingOfTheSameSignature() throws Exception {
        String token = idp.signRs256(valid());
        char last = token.charAt(token.length() - 1);
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
            if (c != last) {
                // 15 of them decode to the very same signature bytes and are refused for their spelling; the rest do not verify.
                rejects(token.substring(0, token.length() - 1) + c, "");
            }
        }
        assertEquals("user-1", validator.validate(token).getSubject());
    }

    @Test
    void rejectsOverLengthToken() throws Exception {
        String big = valid().replace("\"preferred_username\"", "\"pad\":\"" + "a".repeat(9000) + "\",\"preferred_username\"");
        rejects(idp.signRs256(big), "longer than 8192 bytes");
    }

    @Test
    void rejectsJweAndExtraSegments() throws Exception {
        String token = idp.signRs256(valid());
        rejects(token + ".AAAA.BBBB", "not a compact signed JWT");
        rejects("a.b", "not a compact signed JWT");
    }

    @Test
    void failsClosedWhenTheJwksCannotBeFetched() throws Exception {
        String token = idp.signRs256(valid());
        idp.close();
        AuthFailure failure = assertThrows(AuthFailure.class, () -> validator.validate(token));
        assertEquals(AuthFailure.Kind.UNAVAILABLE, failure.kind());
        assertEquals(503, failure.status());
        assertSecretNowhere(token, failure);
    }
}
