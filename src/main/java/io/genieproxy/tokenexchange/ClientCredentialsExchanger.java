package io.genieproxy.tokenexchange;

import io.genieproxy.auth.BearerCredential;
import io.genieproxy.auth.CallerIdentity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Gets a service principal's token per workspace with the client-credentials grant (HTTP Basic
 * client authentication; {@code GENIE_UPSTREAM_AUTH=client-credentials}); the caller's identity still
 * goes to the audit log, but the caller's token is never sent upstream.
 */
public final class ClientCredentialsExchanger implements TokenExchanger {

    private final TokenEndpointClient client;
    private final Map<String, ClientCredentials> byWorkspace;

    /**
     * @param client the token endpoint client
     * @param credentialsByWorkspace workspace origin → that workspace's service principal
     */
    public ClientCredentialsExchanger(TokenEndpointClient client, Map<String, ClientCredentials> credentialsByWorkspace) {
        this.client = Objects.requireNonNull(client, "client");
        Map<String, ClientCredentials> normalised = new LinkedHashMap<>();
        Objects.requireNonNull(credentialsByWorkspace, "credentialsByWorkspace")
                .forEach((url, credentials) -> normalised.put(WorkspaceUrls.normalise(url), Objects.requireNonNull(credentials)));
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException("client-credentials needs at least one workspace");
        }
        this.byWorkspace = Map.copyOf(normalised);
    }

    @Override
    public CompletionStage<UpstreamToken> tokenFor(CallerIdentity caller, BearerCredential callerToken, String workspaceUrl) {
        ClientCredentials credentials = byWorkspace.get(WorkspaceUrls.normalise(workspaceUrl));
        if (credentials == null) {
            return CompletableFuture.failedFuture(new ExchangeFailure(ExchangeFailure.Kind.NOT_CONFIGURED,
                    "No service principal is configured for this workspace.", null));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", "all-apis");
        return client.requestToken(WorkspaceUrls.tokenEndpoint(workspaceUrl), form,
                credentials.clientId(), credentials.clientSecret(), "the workspace");
    }

    @Override
    public String strategy() {
        return "client-credentials";
    }

    @Override
    public boolean bindsCallerCredential() {
        return false;
    }
}
