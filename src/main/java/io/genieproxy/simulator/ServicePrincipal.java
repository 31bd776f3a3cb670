package io.genieproxy.simulator;

import java.util.List;
import java.util.Objects;

/** An OAuth machine identity: the client credentials it signs in with and the application id it acts as. */
public record ServicePrincipal(String clientId, String clientSecret, String applicationId, String displayName) {
    public ServicePrincipal {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(applicationId, "applicationId");
        displayName = displayName == null ? applicationId : displayName;
    }

    /** The principal as SCIM and Genie report it: its user name is its application id. */
    public SimulatedUser asUser() {
        SimulatedUser derived = SimulatedUser.named(applicationId, List.of("users", "service-principals"));
        return new SimulatedUser(applicationId, derived.id(), displayName, derived.groups());
    }

    @Override
    public String toString() {
        return "ServicePrincipal[clientId=" + clientId + ", applicationId=" + applicationId + "]";
    }
}
