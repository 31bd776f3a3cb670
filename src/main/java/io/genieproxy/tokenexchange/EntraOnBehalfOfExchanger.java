package io.genieproxy.tokenexchange;

import io.genieproxy.auth.BearerCredential;
import io.genieproxy.auth.CallerIdentity;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Exchanges the caller's Entra access token (whose {@code aud} is the proxy's app) for an Azure
 * Databricks token with the OAuth 2.0 on-behalf-of flow ({@code GENIE_UPSTREAM_AUTH=entra-obo}).
 */
public final class EntraOnBehalfOfExchanger implements TokenExchanger {

    /** Entra's public cloud authority, used unless {@code GENIE_ENTRA_AUTHORITY_URL} says otherwise. */
    public static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
    /** The Azure Databricks resource's {@code .default} scope. */
    public static final String AZURE_DATABRICKS_SCOPE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,253}");

    private final TokenEndpointClient client;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;

    /**
     * @param client the token endpoint client
     * @param authorityUrl the authority origin ({@code GENIE_ENTRA_AUTHORITY_URL}), null for {@link #DEFAULT_AUTHORITY}
     * @param tenantId the tenant id or domain ({@code GENIE_ENTRA_TENANT_ID})
     * @param clientId the proxy app's client id ({@code GENIE_UPSTREAM_CLIENT_ID})
     * @param clientSecret its secret ({@code GENIE_UPSTREAM_CLIENT_SECRET})
     */
    public EntraOnBehalfOfExchanger(TokenEndpointClient client, String authorityUrl, String tenantId,
                                    String clientId, String clientSecret) {
        this.client = Objects.requireNonNull(client, "client");
        if (tenantId == null || !TENANT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("GENIE_ENTRA_TENANT_ID must be a tenant id or domain");
        }
        String authority = authorityUrl == null || authorityUrl.isBlank() ? DEFAULT_AUTHORITY : authorityUrl.strip();
        while (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        this.tokenEndpoint = URI.create(authority + "/" + tenantId + "/oauth2/v2.0/token");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    }

    @Override
    public CompletionStage<UpstreamToken> tokenFor(CallerIdentity caller, BearerCredential callerToken, String workspaceUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("assertion", callerToken.token());
        form.put("scope", AZURE_DATABRICKS_SCOPE);
        form.put("requested_token_use", "on_behalf_of");
        return client.requestToken(tokenEndpoint, form, null, null, "Microsoft Entra ID");
    }

    /** The token endpoint used, for startup logs (it holds no secret). */
    public URI tokenEndpoint() {
        return tokenEndpoint;
    }

    @Override
    public String strategy() {
        return "entra-obo";
    }

    @Override
    public String toString() {
        return "EntraOnBehalfOfExchanger[" + tokenEndpoint + "]";
    }
}
