package io.genieproxy.tokenexchange;

import io.genieproxy.auth.BearerCredential;
import io.genieproxy.auth.CallerIdentity;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Sends the caller's own token upstream unchanged ({@code GENIE_UPSTREAM_AUTH=passthrough}). */
public final class PassthroughExchanger implements TokenExchanger {

    @Override
    public CompletionStage<UpstreamToken> tokenFor(CallerIdentity caller, BearerCredential callerToken, String workspaceUrl) {
        return CompletableFuture.completedFuture(new UpstreamToken(callerToken.token(), null));
    }

    @Override
    public String strategy() {
        return "passthrough";
    }
}
