package io.genieproxy.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys from its JWKS URL, fetched on first use, refetched when a token names an
 * unknown {@code kid} (at most once per refetch interval, so a flood of made-up kids can't hammer the
 * IdP) or when the set is older than its maximum age; only public RSA (2048+ bits) and EC signing keys
 * are kept.
 */
public final class JwksCache {

    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);
    private static final int MAX_JWKS_CHARS = 512 * 1024;
    private static final int MIN_RSA_BITS = 2048;
    private static final Duration FIRST_FETCH_RETRY = Duration.ofSeconds(1);

    /** One trusted key with its ready verifier. */
    record TrustedKey(String kid, JWK jwk, JWSVerifier verifier) {
        boolean fits(JWSAlgorithm alg) {
            if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(alg)) {
                return false;
            }
            if (JWSAlgorithm.RS256.equals(alg) || JWSAlgorithm.PS256.equals(alg)) {
                return jwk instanceof RSAKey;
            }
            if (JWSAlgorithm.ES256.equals(alg)) {
                return jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
            }
            return false;
        }

        @Override
        public String toString() {
            return "TrustedKey[kid=" + kid + "]";
        }
    }

    private record Snapshot(List<TrustedKey> keys, Instant fetchedAt) {
    }

    private final HttpClient http;
    private final URI jwksUrl;
    private final Duration fetchTimeout;
    private final Duration minRefetchInterval;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicInteger fetches = new AtomicInteger();
    private final Object fetchLock = new Object();
    private volatile Snapshot snapshot;
    private volatile Instant lastAttempt;

    /**
     * @param http the client (no redirects: the JWKS location is configuration, not something to follow)
     * @param jwksUrl the issuer's JWKS URL ({@code GENIE_AUTH_JWKS_URL})
     * @param fetchTimeout how long one fetch may take
     * @param minRefetchInterval the least time between two fetches caused by unknown kids (e.g. 30 s)
     * @param maxAge how old a key set may get before the next validation refreshes it (stale keys stay in
     *     use while the refresh fails, so a JWKS blip doesn't turn every caller away)
     * @param clock the time source
     */
    public JwksCache(HttpClient http, URI jwksUrl, Duration fetchTimeout, Duration minRefetchInterval,
                     Duration maxAge, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.jwksUrl = Objects.requireNonNull(jwksUrl, "jwksUrl");
        this.fetchTimeout = Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        this.minRefetchInterval = Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The keys that may have signed a token with this {@code kid} (null: every key) and algorithm;
     * empty when none, after at most one rate-limited refetch.
     *
     * @throws AuthFailure UNAVAILABLE when no key set could ever be fetched
     */
    List<TrustedKey> candidates(String kid, JWSAlgorithm alg) throws AuthFailure {
        Snapshot current = snapshot;
        if (current == null) {
            current = fetchIfAllowed(null, FIRST_FETCH_RETRY);
            if (current == null) {
                throw AuthFailure.unavailable("The issuer's signing keys can't be fetched now.", null);
            }
        } else if (Duration.between(current.fetchedAt(), clock.instant()).compareTo(maxAge) >= 0) {
            Snapshot refreshed = fetchIfAllowed(current, minRefetchInterval);
            current = refreshed != null ? refreshed : current;
        }
        List<TrustedKey> found = select(current, kid, alg);
        if (found.isEmpty() && kid != null) {
            Snapshot refreshed = fetchIfAllowed(current, minRefetchInterval);
            if (refreshed != null && refreshed != current) {
                found = select(refreshed, kid, alg);
            }
        }
        return found;
    }

    /** How many fetches were attempted, for metrics and tests. */
    public int fetchCount() {
        return fetches.get();
    }

    private static List<TrustedKey> select(Snapshot s, String kid, JWSAlgorithm alg) {
        List<TrustedKey> out = new ArrayList<>(2);
        for (TrustedKey k : s.keys()) {
            if ((kid == null || kid.equals(k.kid())) && k.fits(alg)) {
                out.add(k);
            }
        }
        return out;
    }

    /** Fetches unless one was attempted within {@code interval}; returns the newest snapshot (or null). */
    private Snapshot fetchIfAllowed(Snapshot seen, Duration interval) {
        synchronized (fetchLock) {
            Snapshot now = snapshot;
            if (now != null && now != seen) {
                return now;
            }
            Instant at = clock.instant();
            if (lastAttempt != null && Duration.between(lastAttempt, at).compareTo(interval) < 0) {
                return now;
            }
            lastAttempt = at;
            fetches.incrementAndGet();
            try {
                List<TrustedKey> keys = fetch();
                Snapshot fresh = new Snapshot(List.copyOf(keys), at);
                snapshot = fresh;
                LOG.debug("fetched {} signing keys from the JWKS", keys.size());
                return fresh;
            } catch (JwksUnavailable e) {
                LOG.warn("JWKS fetch failed: {}", e.getMessage());
                return now;
            }
        }
    }

    private List<TrustedKey> fetch() throws JwksUnavailable {
        HttpRequest request = HttpRequest.newBuilder(jwksUrl).timeout(fetchTimeout)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JwksUnavailable("interrupted");
        } catch (java.io.IOException e) {
            throw new JwksUnavailable(e.getClass().getSimpleName());
        }
        if (response.statusCode() != 200) {
            throw new JwksUnavailable("status " + response.statusCode());
        }
        String body = response.body();
        if (body == null || body.length() > MAX_JWKS_CHARS) {
            throw new JwksUnavailable("empty or oversized body");
        }
        JWKSet set;
        try {
            set = JWKSet.parse(body);
        } catch (java.text.ParseException e) {
            throw new JwksUnavailable("not a JWK set");
        }
        List<TrustedKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            TrustedKey key = trusted(jwk);
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static TrustedKey trusted(JWK jwk) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return null;
        }
        try {
            if (jwk instanceof RSAKey rsa) {
                RSAKey pub = rsa.toPublicJWK();
                if (pub.size() < MIN_RSA_BITS) {
                    return null;
                }
                return new TrustedKey(pub.getKeyID(), pub, new RSASSAVerifier(pub));
            }
            if (jwk instanceof ECKey ec) {
                ECKey pub = ec.toPublicJWK();
                return new TrustedKey(pub.getKeyID(), pub, new ECDSAVerifier(pub));
            }
        } catch (JOSEException e) {
            LOG.debug("skipping an unusable JWK: {}", e.getClass().getSimpleName());
        }
        return null;
    }

    /** A fetch that produced no key set; its message names the reason, never a key. */
    private static final class JwksUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        JwksUnavailable(String reason) {
            super(reason, null, false, false);
        }
    }
}
