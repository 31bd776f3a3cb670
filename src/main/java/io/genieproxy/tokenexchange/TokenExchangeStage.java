package io.genieproxy.tokenexchange;

import io.genieproxy.auth.BearerCredential;
import io.genieproxy.pipeline.PendingCalls;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.pipeline.StageFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Obtains the credential the workspace sees for this caller: the caller's own token (passthrough) or
 * an exchanged one. In an exchange mode a failure is an error for the caller; the caller's own token
 * is never sent instead.
 */
public final class TokenExchangeStage implements ProxyStage {
    private final TokenExchanger exchanger;
    private final String workspaceUrl;
    private final BiConsumer<String, String> onExchange;
    private final PendingCalls pending;

    /**
     * @param onExchange called with (strategy, outcome) for every exchange, for metrics
     * @param pending where a wait for an exchanged token is registered, so that a stop can answer it
     */
    public TokenExchangeStage(TokenExchanger exchanger, String workspaceUrl, BiConsumer<String, String> onExchange,
                              PendingCalls pending) {
        this.exchanger = exchanger;
        this.workspaceUrl = workspaceUrl;
        this.onExchange = onExchange;
        this.pending = pending;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.EXCHANGE_TOKEN;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        if (!(exchange.callerCredential() instanceof BearerCredential credential) || exchange.caller() == null) {
            return CompletableFuture.completedFuture(ProxyResponse.rejected(
                    Rejection.of(Rejection.Reason.UNAUTHENTICATED, "No authenticated caller.")));
        }
        return pending.watch(exchanger.tokenFor(exchange.caller(), credential, workspaceUrl), exchange.continuation()).handle((token, error) -> {
            if (error != null) {
                StageFailure refusal = StageFailure.carriedBy(error);
                if (refusal != null) {
                    return CompletableFuture.<ProxyResponse>failedFuture(refusal);
                }
                onExchange.accept(exchanger.strategy(), "failed");
                Rejection rejection = ExchangeFailure.unwrap(error).map(ExchangeFailure::toRejection)
                        .orElseGet(() -> Rejection.of(Rejection.Reason.TOKEN_EXCHANGE_FAILED, "The upstream credential could not be obtained."));
                exchange.denialReason("token_exchange_failed");
                return CompletableFuture.completedFuture(ProxyResponse.rejected(rejection));
            }
            if (!exchanger.strategy().equals("passthrough")) {
                onExchange.accept(exchanger.strategy(), "ok");
            }
            exchange.upstreamAuthorization(token.authorizationHeader());
            return next.proceed(exchange);
        }).thenCompose(stage -> stage);
    }
}
