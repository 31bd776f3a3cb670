package io.genieproxy.simulator;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts a JWT only when its issuer is trusted and its RS256/ES256 signature verifies against that issuer's
 * JWKS, and it has not expired; the user is named by {@code preferred_username}, {@code upn}, {@code email} or {@code sub}.
 * The issuer is read before verification only to pick the key set; it is trusted only after the signature checks out.
 */
final class TrustedJwtVerifier {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final List<String> NAME_CLAIMS = List.of("preferred_username", "upn", "email", "sub");

    private final Map<String, URI> trustedIssuers;
    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new ConcurrentHashMap<>();

    TrustedJwtVerifier(Map<String, URI> trustedIssuers) {
        this.trustedIssuers = trustedIssuers;
    }

    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2 && token.startsWith("ey");
    }

    /** JWKS fetch timeouts: generous, since a loaded test machine can take more than Nimbus's 500 ms default. */
    private static final int JWKS_TIMEOUT_MS = 5000;

    /** The verified user name, or empty when the token is malformed, untrusted, badly signed or expired. */
    Optional<String> verifiedUserName(String token) {
        try {
            String issuer = SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
            if (issuer == null || !trustedIssuers.containsKey(issuer)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = processors.computeIfAbsent(issuer, this::processor).process(token, null);
            for (String claim : NAME_CLAIMS) {
                String value = claims.getStringClaim(claim);
                if (value != null && !value.isBlank()) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(String issuer) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(trustedIssuers.get(issuer).toURL(), new DefaultResourceRetriever(JWKS_TIMEOUT_MS, JWKS_TIMEOUT_MS))
                    .retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("Bad JWKS URL for issuer " + issuer, e);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iss")));
        return processor;
    }
}
