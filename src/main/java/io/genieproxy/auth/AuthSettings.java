package io.genieproxy.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Inbound authentication settings ({@code genie.auth.*}, from {@code GENIE_AUTH_*}); {@link #validate()}
 * stops startup with a message that names a missing or bad setting and never echoes its value. Fails closed.
 *
 * @param mode {@code GENIE_AUTH_MODE}: {@code databricks} (default) or {@code jwt}
 * @param jwksUrl {@code GENIE_AUTH_JWKS_URL}: required in jwt mode; https, or http to a loopback host only
 * @param issuer {@code GENIE_AUTH_ISSUER}: required in jwt mode, matched exactly against {@code iss}
 * @param audience {@code GENIE_AUTH_AUDIENCE}: required in jwt mode, must be one of the token's {@code aud}
 * @param maxTokenBytes {@code GENIE_AUTH_MAX_TOKEN_BYTES}: longest bearer token accepted, default 8192
 * @param identityCacheTtl {@code GENIE_AUTH_IDENTITY_CACHE_TTL}: how long a SCIM identity is reused, default 5m
 * @param cacheSize {@code GENIE_AUTH_CACHE_SIZE}: most identities cached, default 10000
 * @param clockSkew {@code GENIE_AUTH_CLOCK_SKEW}: JWT time tolerance, default 60s, at most 60s
 */
public record AuthSettings(Mode mode, URI jwksUrl, String issuer, String audience, int maxTokenBytes,
                           Duration identityCacheTtl, long cacheSize, Duration clockSkew) {

    public static final int DEFAULT_MAX_TOKEN_BYTES = BearerCredentials.DEFAULT_MAX_TOKEN_BYTES;
    public static final Duration DEFAULT_IDENTITY_CACHE_TTL = Duration.ofMinutes(5);
    public static final long DEFAULT_CACHE_SIZE = 10_000;
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** How callers authenticate. */
    public enum Mode {
        /** A Databricks token, resolved by the workspace's SCIM {@code Me}. */
        DATABRICKS,
        /** An IdP JWT validated locally against a JWKS. */
        JWT;

        /** {@code databricks} or {@code jwt}, case-insensitive; anything else stops startup. */
        public static Mode parse(String value) {
            if (value == null || value.isBlank()) {
                return DATABRICKS;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "databricks" -> DATABRICKS;
                case "jwt" -> JWT;
                default -> throw new IllegalStateException("GENIE_AUTH_MODE must be 'databricks' or 'jwt'");
            };
        }
    }

    /** Defaults for whatever is unset. */
    public AuthSettings {
        mode = mode == null ? Mode.DATABRICKS : mode;
        maxTokenBytes = maxTokenBytes <= 0 ? DEFAULT_MAX_TOKEN_BYTES : maxTokenBytes;
        identityCacheTtl = identityCacheTtl == null ? DEFAULT_IDENTITY_CACHE_TTL : identityCacheTtl;
        cacheSize = cacheSize <= 0 ? DEFAULT_CACHE_SIZE : cacheSize;
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    }

    /**
     * Reads the {@code GENIE_AUTH_*} variables.
     *
     * @throws IllegalStateException naming the variable that can't be read
     */
    public static AuthSettings fromEnvironment(Map<String, String> env) {
        return new AuthSettings(
                Mode.parse(env.get("GENIE_AUTH_MODE")),
                uri(env, "GENIE_AUTH_JWKS_URL"),
                blankToNull(env.get("GENIE_AUTH_ISSUER")),
                blankToNull(env.get("GENIE_AUTH_AUDIENCE")),
                (int) number(env, "GENIE_AUTH_MAX_TOKEN_BYTES"),
                duration(env, "GENIE_AUTH_IDENTITY_CACHE_TTL"),
                number(env, "GENIE_AUTH_CACHE_SIZE"),
                duration(env, "GENIE_AUTH_CLOCK_SKEW"));
    }

    /**
     * Refuses settings the proxy can't run safely with.
     *
     * @return this, for chaining
     * @throws IllegalStateException naming the setting, never its value
     */
    public AuthSettings validate() {
        if (mode == Mode.JWT) {
            if (jwksUrl == null) {
                throw new IllegalStateException("GENIE_AUTH_JWKS_URL is required when GENIE_AUTH_MODE=jwt");
            }
            if (!isSafeJwksUrl(jwksUrl)) {
                throw new IllegalStateException("GENIE_AUTH_JWKS_URL must be an https URL (http only to a loopback host)");
            }
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalStateException("GENIE_AUTH_ISSUER is required when GENIE_AUTH_MODE=jwt");
            }
            if (audience == null || audience.isBlank()) {
                throw new IllegalStateException("GENIE_AUTH_AUDIENCE is required when GENIE_AUTH_MODE=jwt");
            }
        }
        if (maxTokenBytes < 256 || maxTokenBytes > 64 * 1024) {
            throw new IllegalStateException("GENIE_AUTH_MAX_TOKEN_BYTES must be between 256 and 65536");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(JwtValidator.MAX_CLOCK_SKEW) > 0) {
            throw new IllegalStateException("GENIE_AUTH_CLOCK_SKEW must be between 0s and 60s");
        }
        if (identityCacheTtl.isNegative() || identityCacheTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalStateException("GENIE_AUTH_IDENTITY_CACHE_TTL must be between 0s and 1h");
        }
        return this;
    }

    private static boolean isSafeJwksUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost();
        if (host == null || url.getUserInfo() != null) {
            return false;
        }
        if (scheme.equals("https")) {
            return true;
        }
        return scheme.equals("http") && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static URI uri(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return null;
        }
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not a valid URL");
        }
    }

    private static long number(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " is not a whole number");
        }
    }

    private static Duration duration(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return null;
        }
        Duration parsed = Durations.parse(value);
        if (parsed == null) {
            throw new IllegalStateException(name + " is not a duration such as 30s, 5m or PT5M");
        }
        return parsed;
    }
}
