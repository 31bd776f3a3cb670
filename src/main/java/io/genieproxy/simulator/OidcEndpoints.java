package io.genieproxy.simulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace's OAuth endpoints: discovery, and {@code /oidc/v1/token} with the client-credentials grant
 * (HTTP Basic or form client authentication) and RFC 8693 token exchange of a trusted issuer's JWT.
 * Errors use the OAuth shape {@code {error, error_description}}, never echoing a secret.
 */
final class OidcEndpoints {
    static final String DISCOVERY_PATH = "/oidc/.well-known/oauth-authorization-server";
    static final String TOKEN_PATH = "/oidc/v1/token";
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";

    private final List<ServicePrincipal> principals;
    private final IssuedTokens issuedTokens;
    private final TrustedJwtVerifier jwtVerifier;
    private final BearerAuthenticator authenticator;

    OidcEndpoints(List<ServicePrincipal> principals, IssuedTokens issuedTokens, TrustedJwtVerifier jwtVerifier,
            BearerAuthenticator authenticator) {
        this.principals = principals;
        this.issuedTokens = issuedTokens;
        this.jwtVerifier = jwtVerifier;
        this.authenticator = authenticator;
    }

    SimulatorResponse discovery(URI origin) {
        String base = origin.toString();
        return SimulatorResponse.ok(JsonObject.create()
                .with("issuer", base + "/oidc")
                .with("authorization_endpoint", base + "/oidc/v1/authorize")
                .with("token_endpoint", base + TOKEN_PATH)
                .with("jwks_uri", base + "/oidc/jwks.json")
                .with("grant_types_supported", List.of("client_credentials", "authorization_code", "refresh_token", TOKEN_EXCHANGE))
                .with("response_types_supported", List.of("code"))
                .with("scopes_supported", List.of("all-apis", "offline_access"))
                .with("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post")));
    }

    SimulatorResponse token(SimulatorRequest request) {
        if (!request.method().equals("POST")) {
            return oauthError(405, "invalid_request", "The token endpoint accepts only POST.");
        }
        Map<String, String> form = request.formBody();
        String grantType = form.get("grant_type");
        String scope = form.getOrDefault("scope", "all-apis");
        if (grantType == null) {
            return oauthError(400, "invalid_request", "Missing grant_type.");
        }
        return switch (grantType) {
            case "client_credentials" -> clientCredentials(request, form, scope);
            case TOKEN_EXCHANGE -> tokenExchange(form, scope);
            default -> oauthError(400, "unsupported_grant_type", "Unsupported grant_type: " + grantType);
        };
    }

    private SimulatorResponse clientCredentials(SimulatorRequest request, Map<String, String> form, String scope) {
        String[] credentials = basicCredentials(request.header("Authorization"))
                .orElse(new String[] {form.get("client_id"), form.get("client_secret")});
        if (credentials[0] == null || credentials[1] == null) {
            return oauthError(401, "invalid_client", "Client authentication failed: no client credentials were sent.");
        }
        Optional<ServicePrincipal> principal = principals.stream()
                .filter(p -> p.clientId().equals(credentials[0]) && p.clientSecret().equals(credentials[1]))
                .findFirst();
        if (principal.isEmpty()) {
            return oauthError(401, "invalid_client", "Client authentication failed.");
        }
        return issued(principal.get().asUser(), IssuedTokens.Grant.CLIENT_CREDENTIALS, scope);
    }

    private SimulatorResponse tokenExchange(Map<String, String> form, String scope) {
        String subjectToken = form.get("subject_token");
        if (subjectToken == null || subjectToken.isBlank()) {
            return oauthError(400, "invalid_request", "Missing subject_token.");
        }
        if (!JWT_TOKEN_TYPE.equals(form.get("subject_token_type"))) {
            return oauthError(400, "invalid_request", "subject_token_type must be " + JWT_TOKEN_TYPE + ".");
        }
        Optional<String> userName = jwtVerifier.verifiedUserName(subjectToken);
        if (userName.isEmpty()) {
            return oauthError(400, "invalid_grant", "The subject token is not a valid JWT from a trusted issuer.");
        }
        String clientId = form.get("client_id");
        if (clientId != null) {
            Optional<ServicePrincipal> principal = principals.stream()
                    .filter(p -> p.applicationId().equals(clientId) || p.clientId().equals(clientId))
                    .findFirst();
            if (principal.isEmpty()) {
                return oauthError(400, "invalid_client", "No federation policy for client_id.");
            }
            return issued(principal.get().asUser(), IssuedTokens.Grant.TOKEN_EXCHANGE, scope);
        }
        return issued(authenticator.userNamed(userName.get()), IssuedTokens.Grant.TOKEN_EXCHANGE, scope);
    }

    private SimulatorResponse issued(SimulatedUser user, IssuedTokens.Grant grant, String scope) {
        String token = issuedTokens.issue(user, grant);
        return SimulatorResponse.ok(JsonObject.create()
                .with("access_token", token)
                .with("token_type", "Bearer")
                .with("expires_in", issuedTokens.lifetimeSeconds())
                .with("scope", scope))
                .withHeader("Cache-Control", "no-store");
    }

    private static Optional<String[]> basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String id = SimulatorRequest.parseForm("v=" + decoded.substring(0, colon)).get("v");
            String secret = SimulatorRequest.parseForm("v=" + decoded.substring(colon + 1)).get("v");
            return Optional.of(new String[] {id, secret});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static SimulatorResponse oauthError(int status, String error, String description) {
        return SimulatorResponse.json(status, JsonObject.create().with("error", error).with("error_description", description));
    }
}
