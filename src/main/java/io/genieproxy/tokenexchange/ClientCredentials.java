package io.genieproxy.tokenexchange;

import java.util.Objects;

/**
 * A service principal's OAuth client id and secret; {@link #toString()} never prints the secret.
 *
 * @param clientId the application id
 * @param clientSecret the secret
 */
public record ClientCredentials(String clientId, String clientSecret) {

    public ClientCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + "]";
    }
}
