package io.genieproxy.tokenexchange;

import io.genieproxy.auth.BearerCredential;
import io.genieproxy.auth.CallerIdentity;
import java.util.concurrent.CompletionStage;

/**
 * Produces the bearer token sent to a workspace for an authenticated caller; failures complete the
 * stage with an {@link ExchangeFailure} (possibly wrapped), never with a fallback token.
 */
public interface TokenExchanger {

    /**
     * @param caller who is calling (for audit and cache keys)
     * @param callerToken the caller's own token, the subject of an exchange
     * @param workspaceUrl the workspace origin the token is for
     */
    CompletionStage<UpstreamToken> tokenFor(CallerIdentity caller, BearerCredential callerToken, String workspaceUrl);

    /** The strategy's name as configured in {@code GENIE_UPSTREAM_AUTH}. */
    String strategy();

    /**
     * Whether the upstream token is derived from the caller's token, so that a cached one is bound to
     * that token's fingerprint as well as the caller's identity.
     */
    default boolean bindsCallerCredential() {
        return true;
    }
}
