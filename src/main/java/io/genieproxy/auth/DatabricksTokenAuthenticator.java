package io.genieproxy.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a Databricks token (PAT or OAuth) to the caller's identity by asking the workspace's
 * SCIM {@code Me} endpoint, caching the answer by the token's fingerprint; any doubt fails closed.
 */
public final class DatabricksTokenAuthenticator implements CallerAuthenticator {

    static final String SCIM_ME_PATH = "/api/2.0/preview/scim/v2/Me";
    private static final int MAX_BODY_CHARS = 64 * 1024;
    /** The workspace's headers that describe a refusal, passed through with its body. */
    private static final List<String> REFUSAL_HEADERS = List.of("Content-Type", "X-Databricks-Reason-Phrase");
    private static final Logger LOG = LoggerFactory.getLogger(DatabricksTokenAuthenticator.class);

    private final HttpClient http;
    private final URI scimMe;
    private final Duration requestTimeout;
    private final AsyncCache<String, CallerIdentity> identities;

    /**
     * @param http the client; build it with a connect timeout and no redirects (the token must not follow one)
     * @param workspaceUrl the workspace origin, for example {@code https://adb-1.2.azuredatabricks.net}
     * @param requestTimeout how long one SCIM call may take before the caller gets a 503
     * @param identityTtl how long a resolved identity is reused without asking the workspace again
     * @param cacheSize the most identities kept
     * @param ticker the time source of the cache (tests advance it instead of sleeping)
     */
    public DatabricksTokenAuthenticator(HttpClient http, URI workspaceUrl, Duration requestTimeout,
                                        Duration identityTtl, long cacheSize, Ticker ticker) {
        this.http = Objects.requireNonNull(http, "http");
        this.scimMe = URI.create(stripTrailingSlash(Objects.requireNonNull(workspaceUrl, "workspaceUrl").toString()) + SCIM_ME_PATH);
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.identities = Caffeine.newBuilder()
                .expireAfterWrite(Objects.requireNonNull(identityTtl, "identityTtl"))
                .maximumSize(cacheSize)
                .ticker(Objects.requireNonNull(ticker, "ticker"))
                .buildAsync();
    }

    /**
     * The cached identity, or one SCIM call shared by every concurrent request with the same token;
     * a failed lookup (refusal or outage) is dropped from the cache at once, so the next request asks again.
     */
    @Override
    public CompletionStage<CallerIdentity> authenticate(BearerCredential credential) {
        Objects.requireNonNull(credential, "credential");
        String key = credential.fingerprint();
        return identities.get(key, (k, executor) -> resolve(credential, k));
    }

    /** Forgets the identity cached for this token, for when the workspace later answers 401/403 to it. */
    public void invalidate(BearerCredential credential) {
        identities.synchronous().invalidate(credential.fingerprint());
    }

    /** How many identities are cached now (approximate), for metrics. */
    public long cachedIdentities() {
        return identities.synchronous().estimatedSize();
    }

    private CompletableFuture<CallerIdentity> resolve(BearerCredential credential, String fingerprint) {
        HttpRequest request = HttpRequest.newBuilder(scimMe)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + credential.token())
                .header("Accept", "application/json")
                .GET()
                .build();
        LOG.debug("resolving identity for credential {} via SCIM Me", fingerprint);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(unreachable(error, fingerprint));
                    }
                    return identityFrom(response, fingerprint);
                });
    }

    private CallerIdentity identityFrom(HttpResponse<String> response, String fingerprint) {
        int status = response.statusCode();
        if (status == 200) {
            CallerIdentity identity = ScimUserParser.parse(response.body());
            if (identity == null) {
                LOG.warn("SCIM Me answered 200 without a usable identity for credential {}", fingerprint);
                throw new CompletionException(AuthFailure.unavailable(
                        "The workspace returned no usable identity for this credential.", null));
            }
            return identity;
        }
        if (status == 401 || status == 403) {
            LOG.debug("workspace refused credential {} with {}", fingerprint, status);
            String body = truncate(response.body());
            List<Map.Entry<String, String>> headers = new ArrayList<>(2);
            for (String name : REFUSAL_HEADERS) {
                response.headers().firstValue(name).ifPresent(value -> headers.add(Map.entry(name, value)));
            }
            throw new CompletionException(AuthFailure.upstreamRefused(status, body, headers));
        }
        LOG.warn("SCIM Me answered {} for credential {}; failing closed", status, fingerprint);
        throw new CompletionException(AuthFailure.unavailable(
                "The workspace could not confirm the caller's identity (status " + status + ").", null));
    }

    private static AuthFailure unreachable(Throwable error, String fingerprint) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String what = cause instanceof HttpTimeoutException ? "timed out"
                : cause instanceof ConnectException ? "is unreachable" : "failed";
        LOG.warn("SCIM Me {} for credential {}: {}", what, fingerprint, cause.getClass().getSimpleName());
        return AuthFailure.unavailable("The workspace identity lookup " + what + ".", null);
    }

    private static String truncate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_BODY_CHARS ? body : body.substring(0, MAX_BODY_CHARS);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
