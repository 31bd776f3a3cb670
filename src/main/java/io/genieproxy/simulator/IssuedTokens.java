package io.genieproxy.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The opaque access tokens the OIDC endpoint issued, each mapped to its principal until it expires. */
final class IssuedTokens {
    /** How a token was obtained. */
    enum Grant { CLIENT_CREDENTIALS, TOKEN_EXCHANGE }

    private record Issued(SimulatedUser user, Instant expiresAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger clientCredentials = new AtomicInteger();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final Clock clock;
    private final Duration lifetime;

    IssuedTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    String issue(SimulatedUser user, Grant grant) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "dose" + HexFormat.of().formatHex(bytes);
        tokens.put(token, new Issued(user, clock.instant().plus(lifetime)));
        (grant == Grant.CLIENT_CREDENTIALS ? clientCredentials : exchanges).incrementAndGet();
        return token;
    }

    /** The principal of a token that was issued here and has not expired. */
    Optional<SimulatedUser> resolve(String token) {
        Issued issued = tokens.get(token);
        if (issued == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(issued.expiresAt())) {
            tokens.remove(token);
            return Optional.empty();
        }
        return Optional.of(issued.user());
    }

    /** Revokes every token issued so far, as an administrator revoking a principal's tokens does. */
    void revokeAll() {
        tokens.clear();
    }

    long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    int count(Grant grant) {
        return (grant == Grant.CLIENT_CREDENTIALS ? clientCredentials : exchanges).get();
    }
}
