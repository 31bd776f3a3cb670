package io.genieproxy.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the {@code Authorization: Bearer} credential of a request to a workspace principal: a configured PAT,
 * a token the OIDC endpoint issued, or a JWT from a trusted issuer. Missing credential: 401; anything else: 403.
 */
final class BearerAuthenticator {
    private final Map<String, SimulatedUser> personalTokens;
    private final IssuedTokens issuedTokens;
    private final TrustedJwtVerifier jwtVerifier;

    BearerAuthenticator(Map<String, SimulatedUser> personalTokens, IssuedTokens issuedTokens, TrustedJwtVerifier jwtVerifier) {
        this.personalTokens = personalTokens;
        this.issuedTokens = issuedTokens;
        this.jwtVerifier = jwtVerifier;
    }

    SimulatedUser authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw WorkspaceError.unauthenticated();
        }
        String token = authorization.substring(7).trim();
        SimulatedUser user = personalTokens.get(token);
        if (user != null) {
            return user;
        }
        Optional<SimulatedUser> issued = issuedTokens.resolve(token);
        if (issued.isPresent()) {
            return issued.get();
        }
        if (TrustedJwtVerifier.looksLikeJwt(token)) {
            Optional<String> name = jwtVerifier.verifiedUserName(token);
            if (name.isPresent()) {
                return userNamed(name.get());
            }
        }
        throw WorkspaceError.invalidToken();
    }

    /** The configured user with this name, or a fresh member of {@code users} with a stable id. */
    SimulatedUser userNamed(String userName) {
        return personalTokens.values().stream()
                .filter(u -> u.userName().toLowerCase(Locale.ROOT).equals(userName.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseGet(() -> SimulatedUser.named(userName, List.of("users")));
    }
}
