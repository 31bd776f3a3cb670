package io.genieproxy.tokenexchange;

import io.genieproxy.auth.BearerCredential;
import io.genieproxy.auth.CallerIdentity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Exchanges the caller's IdP JWT for a workspace token at the workspace's {@code /oidc/v1/token}
 * (Databricks token federation, RFC 8693; {@code GENIE_UPSTREAM_AUTH=token-exchange}).
 */
public final class Rfc8693TokenExchanger implements TokenExchanger {

    private final TokenEndpointClient client;
    private final String clientId;
    private final String audience;
    private final ClientCredentials confidentialClient;

    /**
     * @param client the token endpoint client
     * @param clientId the service principal's application id for a service-principal federation policy, or null
     * @param audience an RFC 8693 {@code audience} to request, or null (Databricks needs none)
     */
    public Rfc8693TokenExchanger(TokenEndpointClient client, String clientId, String audience) {
        this.client = Objects.requireNonNull(client, "client");
        this.clientId = clientId == null || clientId.isBlank() ? null : clientId;
        this.audience = audience == null || audience.isBlank() ? null : audience;
        this.confidentialClient = null;
    }

    /**
     * For a token endpoint that requires client authentication (RFC 8693 §2.1): HTTP Basic with these
     * credentials instead of a bare {@code client_id}.
     *
     * @param client the token endpoint client
     * @param confidentialClient the client's id and secret
     * @param audience an RFC 8693 {@code audience} to request, or null
     */
    public Rfc8693TokenExchanger(TokenEndpointClient client, ClientCredentials confidentialClient, String audience) {
        this.client = Objects.requireNonNull(client, "client");
        this.confidentialClient = Objects.requireNonNull(confidentialClient, "confidentialClient");
        this.clientId = null;
        this.audience = audience == null || audience.isBlank() ? null : audience;
    }

    @Override
    public CompletionStage<UpstreamToken> tokenFor(CallerIdentity caller, BearerCredential callerToken, String workspaceUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token", callerToken.token());
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        form.put("scope", "all-apis");
        if (clientId != null) {
            form.put("client_id", clientId);
        }
        if (audience != null) {
            form.put("audience", audience);
        }
        return client.requestToken(WorkspaceUrls.tokenEndpoint(workspaceUrl), form,
                confidentialClient == null ? null : confidentialClient.clientId(),
                confidentialClient == null ? null : confidentialClient.clientSecret(), "the workspace");
    }

    @Override
    public String strategy() {
        return "token-exchange";
    }
}
