package io.genieproxy.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates an IdP access token locally, failing closed: a compact JWS of strict base64url, signed
 * with RS256, PS256 or ES256 by a key from the configured JWKS only (never {@code none}, never HMAC,
 * never a key the token names itself), no {@code crit}, exact {@code iss}, required and matching
 * {@code aud}, a numeric {@code exp} checked in the raw JSON, and {@code nbf}/{@code iat} within the skew.
 */
public final class JwtValidator {

    /** The most clock skew accepted between the IdP and the proxy. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("jwk", "jku", "x5u", "x5c", "crit");
    private static final Set<String> NUMERIC_DATE_CLAIMS = Set.of("exp", "nbf", "iat");
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JwksCache keys;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final int maxTokenBytes;
    private final Clock clock;

    /**
     * @param keys the issuer's keys
     * @param issuer the exact {@code iss} expected ({@code GENIE_AUTH_ISSUER})
     * @param audience the value {@code aud} must hold ({@code GENIE_AUTH_AUDIENCE})
     * @param clockSkew tolerance for {@code exp}, {@code nbf}, {@code iat}; at most {@link #MAX_CLOCK_SKEW}
     * @param maxTokenBytes the longest token accepted
     * @param clock the time source
     */
    public JwtValidator(JwksCache keys, String issuer, String audience, Duration clockSkew, int maxTokenBytes, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW.toSeconds() + " s");
        }
        if (maxTokenBytes <= 0) {
            throw new IllegalArgumentException("maxTokenBytes must be positive");
        }
        this.maxTokenBytes = maxTokenBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The token's verified claims.
     *
     * @throws AuthFailure INVALID naming the rule broken (never a claim value), or UNAVAILABLE when the
     *     JWKS can't be fetched
     */
    public JWTClaimsSet validate(String token) throws AuthFailure {
        if (token == null || token.isEmpty()) {
            throw AuthFailure.missing("Credential was not sent or was of an unsupported type for this API.");
        }
        if (token.length() > maxTokenBytes) {
            throw invalid("longer than " + maxTokenBytes + " bytes");
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot <= firstDot + 1 || secondDot == token.length() - 1
                || token.indexOf('.', secondDot + 1) >= 0 || !isBase64UrlExceptDots(token)
                || !isCanonicalBase64Url(token, 0, firstDot) || !isCanonicalBase64Url(token, firstDot + 1, secondDot)
                || !isCanonicalBase64Url(token, secondDot + 1, token.length())) {
            throw invalid("not a compact signed JWT");
        }
        byte[] headerJson = decode(token.substring(0, firstDot));
        byte[] payloadJson = decode(token.substring(firstDot + 1, secondDot));
        requireStrictHeader(headerJson);
        requireStrictClaims(payloadJson);

        SignedJWT jwt;
        JWSHeader header;
        try {
            jwt = SignedJWT.parse(token);
            header = jwt.getHeader();
        } catch (ParseException | IllegalArgumentException e) {
            throw invalid("not a compact signed JWT");
        }
        JWSAlgorithm alg = header.getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw invalid("algorithm not accepted");
        }
        for (String name : header.getIncludedParams()) {
            if (FORBIDDEN_HEADERS.contains(name)) {
                throw invalid("header parameter '" + name + "' is not accepted");
            }
        }
        verifySignature(jwt, header, alg);

        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("claims are not a JSON object");
        }
        checkClaims(claims);
        return claims;
    }

    private void verifySignature(SignedJWT jwt, JWSHeader header, JWSAlgorithm alg) throws AuthFailure {
        List<JwksCache.TrustedKey> candidates = keys.candidates(header.getKeyID(), alg);
        if (candidates.isEmpty()) {
            throw invalid("signed by an unknown key");
        }
        byte[] signingInput = jwt.getSigningInput();
        for (JwksCache.TrustedKey key : candidates) {
            try {
                if (key.verifier().verify(header, signingInput, jwt.getSignature())) {
                    return;
                }
            } catch (JOSEException e) {
                throw invalid("signature can't be verified");
            }
        }
        throw invalid("signature does not verify");
    }

    private void checkClaims(JWTClaimsSet claims) throws AuthFailure {
        if (!issuer.equals(claims.getIssuer())) {
            throw invalid("issuer does not match");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || aud.isEmpty()) {
            throw invalid("audience missing");
        }
        if (!aud.contains(audience)) {
            throw invalid("audience does not match");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("expiry missing or not a number");
        }
        if (!now.isBefore(exp.toInstant().plus(clockSkew))) {
            throw invalid("expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
            throw invalid("not yet valid");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(clockSkew).isBefore(iat.toInstant())) {
            throw invalid("issued in the future");
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) {
            throw invalid("subject missing");
        }
    }

    /** The header must be one JSON object without duplicate members. */
    private static void requireStrictHeader(byte[] json) throws AuthFailure {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("header is not a JSON object");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw invalid("header is not a JSON object");
            }
        } catch (IOException e) {
            throw invalid("header is not valid JSON");
        }
    }

    /**
     * Checks the raw claims, because Nimbus reads {@code "exp": null} as absent-but-present and is
     * lenient about types: no duplicate members, {@code exp} present and a number, {@code nbf} and
     * {@code iat} numbers when present, {@code iss}/{@code sub} strings, {@code aud} a string or strings.
     */
    private static void requireStrictClaims(byte[] json) throws AuthFailure {
        boolean sawExp = false;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("claims are not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (NUMERIC_DATE_CLAIMS.contains(name)) {
                    if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
                        throw invalid(name.equals("exp") ? "expiry missing or not a number" : "'" + name + "' is not a number");
                    }
                    sawExp |= name.equals("exp");
                } else if (name.equals("iss") || name.equals("sub")) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw invalid("'" + name + "' is not a string");
                    }
                } else if (name.equals("aud")) {
                    requireAudienceShape(p, value);
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw invalid("claims are not a JSON object");
            }
        } catch (IOException e) {
            throw invalid("claims are not valid JSON");
        }
        if (!sawExp) {
            throw invalid("expiry missing or not a number");
        }
    }

    private static void requireAudienceShape(JsonParser p, JsonToken value) throws IOException, AuthFailure {
        if (value == JsonToken.VALUE_STRING) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw invalid("'aud' is not a string or a list of strings");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw invalid("'aud' is not a string or a list of strings");
            }
        }
    }

    private static byte[] decode(String segment) throws AuthFailure {
        try {
            return Base64.getUrlDecoder().decode(segment.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw invalid("not a compact signed JWT");
        }
    }

    /**
     * Whether {@code token[from, to)} is the one spelling an encoder writes for its bytes: the unused low bits of its
     * last character are zero. Decoders ignore them, so without this check a signed token would have up to 15 other
     * spellings that verify alike and hash apart.
     */
    private static boolean isCanonicalBase64Url(String token, int from, int to) {
        int tail = (to - from) % 4;
        if (tail == 0) {
            return true;
        }
        if (tail == 1) {
            return false;
        }
        char c = token.charAt(to - 1);
        int value = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '-' ? 62 : 63;
        return (value & (tail == 2 ? 0xF : 0x3)) == 0;
    }

    /** Base64url alphabet and dots only: whitespace, control bytes, padding and '+' '/' are refused. */
    private static boolean isBase64UrlExceptDots(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static AuthFailure invalid(String reason) {
        return AuthFailure.invalid("Invalid bearer token: " + reason + ".");
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
