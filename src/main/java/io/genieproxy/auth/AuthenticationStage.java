package io.genieproxy.auth;

import io.genieproxy.pipeline.PendingCalls;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.pipeline.StageFailure;
import io.genieproxy.upstream.BufferedResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Establishes the caller before anything else happens: exactly one bearer credential, resolved to an
 * identity by the configured authenticator. Fails closed; a token the workspace refused gets the
 * workspace's own answer. When the workspace later refuses the credential (401, or 403 for a bad token),
 * the cached identity and exchanged token are dropped.
 */
public final class AuthenticationStage implements ProxyStage {
    private static final String REASON_PHRASE = "X-Databricks-Reason-Phrase";

    private final CallerAuthenticator authenticator;
    private final int maxTokenBytes;
    private final BiConsumer<String, String> onFailure;
    private final BiConsumer<CallerIdentity, BearerCredential> onUpstreamUnauthorized;
    private final PendingCalls pending;

    /**
     * @param onFailure called with (mode, reason) for every refusal, for metrics
     * @param onUpstreamUnauthorized called with (caller, credential) when the workspace refused an authenticated caller's credential
     * @param pending where a wait for the caller's identity is registered, so that a stop can answer it
     */
    public AuthenticationStage(CallerAuthenticator authenticator, int maxTokenBytes,
                               BiConsumer<String, String> onFailure, BiConsumer<CallerIdentity, BearerCredential> onUpstreamUnauthorized,
                               PendingCalls pending) {
        this.authenticator = authenticator;
        this.maxTokenBytes = maxTokenBytes;
        this.onFailure = onFailure;
        this.onUpstreamUnauthorized = onUpstreamUnauthorized;
        this.pending = pending;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.AUTHENTICATE;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        BearerCredential credential;
        try {
            credential = BearerCredentials.extract(exchange.requestHeaders("Authorization"), exchange.target().query(), maxTokenBytes);
        } catch (AuthFailure failure) {
            return CompletableFuture.completedFuture(refuse(exchange, failure));
        }
        return pending.watch(authenticator.authenticate(credential), exchange.continuation()).handle((identity, error) -> {
            if (error != null) {
                StageFailure refusal = StageFailure.carriedBy(error);
                if (refusal != null) {
                    return CompletableFuture.<ProxyResponse>failedFuture(refusal);
                }
                AuthFailure failure = AuthFailure.unwrap(error)
                        .orElseGet(() -> AuthFailure.unavailable("The caller's identity could not be established.", error));
                return CompletableFuture.completedFuture(refuse(exchange, failure));
            }
            exchange.authenticated(identity, credential);
            return next.proceed(exchange).thenApply(response -> {
                if (workspaceRefusedCredential(response)) {
                    onUpstreamUnauthorized.accept(identity, credential);
                }
                return response;
            });
        }).thenCompose(stage -> stage);
    }

    /**
     * Whether the workspace refused the credential itself rather than the request: 401, or the 403 it gives a
     * bad or expired token, which alone carries {@code X-Databricks-Reason-Phrase} (a 403 for a space the
     * caller may not see does not, and keeps the cached identity and token).
     */
    static boolean workspaceRefusedCredential(ProxyResponse response) {
        if (response.isRejected()) {
            return false;
        }
        if (response.status() == 401) {
            return true;
        }
        return response.status() == 403 && response.header(REASON_PHRASE) != null;
    }

    private ProxyResponse refuse(ProxyExchange exchange, AuthFailure failure) {
        onFailure.accept(failure.kind().name().toLowerCase(java.util.Locale.ROOT), reasonLabel(failure));
        exchange.denialReason("auth:" + failure.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (failure.kind() == AuthFailure.Kind.UPSTREAM_REFUSED && failure.upstreamBody().isPresent()) {
            List<Map.Entry<String, String>> headers = failure.upstreamHeaders();
            if (headers.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Content-Type"))) {
                headers = new ArrayList<>(headers);
                headers.add(Map.entry("Content-Type", "application/json"));
            }
            return ProxyResponse.buffered(new BufferedResponse(failure.status(), headers,
                    failure.upstreamBody().get().getBytes(StandardCharsets.UTF_8)));
        }
        return ProxyResponse.rejected(failure.toRejection());
    }

    private static String reasonLabel(AuthFailure failure) {
        return switch (failure.kind()) {
            case UPSTREAM_REFUSED -> "workspace_refused_" + failure.status();
            default -> failure.kind().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
