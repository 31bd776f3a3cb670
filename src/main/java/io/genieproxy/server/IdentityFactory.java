package io.genieproxy.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.genieproxy.auth.AuthSettings;
import io.genieproxy.auth.AuthenticationStage;
import io.genieproxy.auth.CallerAuthenticator;
import io.genieproxy.auth.DatabricksTokenAuthenticator;
import io.genieproxy.auth.JwksCache;
import io.genieproxy.auth.JwtAuthenticator;
import io.genieproxy.auth.JwtValidator;
import io.genieproxy.auth.OutboundHttp;
import io.genieproxy.pipeline.PendingCalls;
import io.genieproxy.telemetry.MetricNames;
import io.genieproxy.tokenexchange.ClientCredentials;
import io.genieproxy.tokenexchange.ClientCredentialsExchanger;
import io.genieproxy.tokenexchange.EntraOnBehalfOfExchanger;
import io.genieproxy.tokenexchange.ExchangedTokenCache;
import io.genieproxy.tokenexchange.PassthroughExchanger;
import io.genieproxy.tokenexchange.Rfc8693TokenExchanger;
import io.genieproxy.tokenexchange.SecretSettings;
import io.genieproxy.tokenexchange.TokenEndpointClient;
import io.genieproxy.tokenexchange.TokenExchangeStage;
import io.genieproxy.tokenexchange.TokenExchanger;
import io.genieproxy.upstream.UpstreamSettings;
import io.genieproxy.upstream.Workspace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Builds caller authentication ({@code GENIE_AUTH_*}) and the outbound credential strategy
 * ({@code GENIE_UPSTREAM_AUTH}). Strict: a missing or placeholder secret stops startup with a
 * message naming the variable, never its value.
 */
@Factory
public class IdentityFactory {
    static final List<String> AUTH_VARIABLES = List.of("GENIE_AUTH_MODE", "GENIE_AUTH_JWKS_URL", "GENIE_AUTH_ISSUER",
            "GENIE_AUTH_AUDIENCE", "GENIE_AUTH_MAX_TOKEN_BYTES", "GENIE_AUTH_IDENTITY_CACHE_TTL", "GENIE_AUTH_CACHE_SIZE",
            "GENIE_AUTH_CLOCK_SKEW");

    @Singleton
    AuthSettings authSettings(GenieEnvironment env) {
        return AuthSettings.fromEnvironment(env.asMap(AUTH_VARIABLES)).validate();
    }

    @Singleton
    CallerAuthenticator callerAuthenticator(AuthSettings settings, Workspace workspace, UpstreamSettings upstream,
                                            @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        if (settings.mode() == AuthSettings.Mode.JWT) {
            JwksCache keys = new JwksCache(OutboundHttp.client(upstream.connectTimeout()),
                    settings.jwksUrl(), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(1), Clock.systemUTC());
            JwtValidator validator = new JwtValidator(keys, settings.issuer(), settings.audience(), settings.clockSkew(),
                    settings.maxTokenBytes(), Clock.systemUTC());
            return new JwtAuthenticator(validator, blocking);
        }
        return new DatabricksTokenAuthenticator(OutboundHttp.client(upstream.connectTimeout()),
                workspace.origin(), Duration.ofSeconds(10), settings.identityCacheTtl(), settings.cacheSize(), Ticker.systemTicker());
    }

    @Singleton
    TokenExchanger tokenExchanger(GenieEnvironment env, Workspace workspace, UpstreamSettings upstream) {
        String mode = env.get("GENIE_UPSTREAM_AUTH").orElse("passthrough").toLowerCase(Locale.ROOT);
        if (mode.equals("passthrough")) {
            return new PassthroughExchanger();
        }
        TokenEndpointClient client = new TokenEndpointClient(OutboundHttp.client(upstream.connectTimeout()),
                Duration.ofSeconds(10), Clock.systemUTC());
        TokenExchanger strategy = switch (mode) {
            case "entra-obo" -> new EntraOnBehalfOfExchanger(client, authorityUrl(env),
                    required(env, "GENIE_ENTRA_TENANT_ID"), required(env, "GENIE_UPSTREAM_CLIENT_ID"),
                    required(env, "GENIE_UPSTREAM_CLIENT_SECRET"));
            case "token-exchange" -> env.get("GENIE_UPSTREAM_CLIENT_SECRET").isPresent()
                    ? new Rfc8693TokenExchanger(client, new ClientCredentials(required(env, "GENIE_UPSTREAM_CLIENT_ID"),
                            required(env, "GENIE_UPSTREAM_CLIENT_SECRET")), null)
                    : new Rfc8693TokenExchanger(client, optional(env, "GENIE_UPSTREAM_CLIENT_ID"), null);
            case "client-credentials" -> new ClientCredentialsExchanger(client, Map.of(workspace.origin().toString(),
                    new ClientCredentials(required(env, "GENIE_UPSTREAM_CLIENT_ID"), required(env, "GENIE_UPSTREAM_CLIENT_SECRET"))));
            default -> throw new IllegalStateException("GENIE_UPSTREAM_AUTH must be passthrough, entra-obo, token-exchange or client-credentials");
        };
        return new ExchangedTokenCache(strategy, 10_000, Clock.systemUTC());
    }

    @Singleton
    AuthenticationStage authenticationStage(CallerAuthenticator authenticator, AuthSettings settings, TokenExchanger exchanger,
                                            MeterRegistry meters, PendingCalls pending) {
        String mode = settings.mode().name().toLowerCase(Locale.ROOT);
        return new AuthenticationStage(authenticator, settings.maxTokenBytes(),
                (kind, reason) -> meters.counter(MetricNames.AUTH_FAILURES, "mode", mode, "reason", reason).increment(),
                (caller, credential) -> {
                    if (authenticator instanceof DatabricksTokenAuthenticator databricks) {
                        databricks.invalidate(credential);
                    }
                    if (exchanger instanceof ExchangedTokenCache exchanged) {
                        exchanged.invalidate(caller);
                    }
                }, pending);
    }

    @Singleton
    TokenExchangeStage tokenExchangeStage(TokenExchanger exchanger, Workspace workspace, MeterRegistry meters, PendingCalls pending) {
        meters.counter(MetricNames.TOKEN_EXCHANGES, "strategy", exchanger.strategy(), "outcome", "ok");
        return new TokenExchangeStage(exchanger, workspace.origin().toString(),
                (strategy, outcome) -> meters.counter(MetricNames.TOKEN_EXCHANGES, "strategy", strategy, "outcome", outcome).increment(),
                pending);
    }

    private static String required(GenieEnvironment env, String name) {
        return SecretSettings.requireReal(name, env.get(name).orElse(null));
    }

    /** An optional setting: unset is fine, but a template stand-in stops startup like a required one. */
    private static String optional(GenieEnvironment env, String name) {
        return env.get(name).map(value -> SecretSettings.requireReal(name, value)).orElse(null);
    }

    /**
     * GENIE_ENTRA_AUTHORITY_URL, or null for Entra's public cloud: the client secret is posted there, so
     * it must be an https origin (http only to a loopback host); a bad value is refused by name, not echoed.
     */
    private static String authorityUrl(GenieEnvironment env) {
        String value = optional(env, "GENIE_ENTRA_AUTHORITY_URL");
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("GENIE_ENTRA_AUTHORITY_URL is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
        if (host == null || uri.getUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
            throw new IllegalStateException("GENIE_ENTRA_AUTHORITY_URL must be an https URL (http only to a loopback host)");
        }
        return value;
    }
}
