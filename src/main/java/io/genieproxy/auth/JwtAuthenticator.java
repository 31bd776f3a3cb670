package io.genieproxy.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates callers by validating their IdP JWT locally ({@link JwtValidator}) and reading the
 * identity from its claims; no request leaves the proxy unless the token validates.
 */
public final class JwtAuthenticator implements CallerAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final List<String> NAME_CLAIMS = List.of("preferred_username", "upn", "email", "sub");
    private static final List<String> GROUP_CLAIMS = List.of("groups", "roles");

    private final JwtValidator validator;
    private final Executor executor;

    /**
     * @param validator the validator
     * @param executor where validation runs; it may block on a JWKS fetch, so use a blocking-capable pool
     *     rather than an event loop
     */
    public JwtAuthenticator(JwtValidator validator, Executor executor) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Validates on the calling thread. */
    public JwtAuthenticator(JwtValidator validator) {
        this(validator, Runnable::run);
    }

    @Override
    public CompletionStage<CallerIdentity> authenticate(BearerCredential credential) {
        Objects.requireNonNull(credential, "credential");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return identityOf(validator.validate(credential.token()));
            } catch (AuthFailure failure) {
                LOG.debug("JWT of credential {} refused: {}", credential.fingerprint(), failure.publicMessage());
                throw new java.util.concurrent.CompletionException(failure);
            }
        }, executor);
    }

    /** The identity a validated token names: user name from the first of preferred_username, upn, email, sub. */
    static CallerIdentity identityOf(JWTClaimsSet claims) throws AuthFailure {
        String userName = null;
        for (String claim : NAME_CLAIMS) {
            Object value = claims.getClaim(claim);
            if (value instanceof String s && !s.isBlank()) {
                userName = s;
                break;
            }
        }
        if (userName == null) {
            throw AuthFailure.invalid("Invalid bearer token: no user name.");
        }
        List<String> groups = new ArrayList<>();
        for (String claim : GROUP_CLAIMS) {
            Object value = claims.getClaim(claim);
            if (value instanceof String s && !s.isBlank()) {
                groups.add(s);
            } else if (value instanceof Collection<?> list) {
                for (Object item : list) {
                    if (item instanceof String s && !s.isBlank() && !groups.contains(s)) {
                        groups.add(s);
                    }
                }
            }
        }
        return new CallerIdentity(userName, claims.getSubject(), groups, "jwt");
    }
}
