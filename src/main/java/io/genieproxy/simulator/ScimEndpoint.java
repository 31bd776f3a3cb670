package io.genieproxy.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /api/2.0/preview/scim/v2/Me}: the caller as a SCIM User, the way the proxy resolves identities. */
final class ScimEndpoint {
    static final String PATH = "/api/2.0/preview/scim/v2/Me";

    SimulatorResponse me(SimulatedUser user) {
        String[] names = user.displayName().split(" ", 2);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (String group : user.groups()) {
            String id = Long.toString(Math.floorMod((long) group.hashCode() * 31_337L, 900_000_000_000L) + 100_000_000_000L);
            groups.add(JsonObject.create().with("display", group).with("type", "direct").with("value", id).with("$ref", "Groups/" + id));
        }
        JsonObject body = JsonObject.create()
                .with("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:workspace:2.0:User"))
                .with("id", user.id())
                .with("userName", user.userName())
                .with("displayName", user.displayName())
                .with("active", true)
                .with("name", JsonObject.create().with("givenName", names[0]).with("familyName", names.length > 1 ? names[1] : ""));
        if (user.userName().contains("@")) {
            body.with("emails", List.of(JsonObject.create().with("value", user.userName()).with("primary", true).with("type", "work")));
        }
        return SimulatorResponse.ok(body
                .with("groups", groups)
                .with("entitlements", List.of(JsonObject.create().with("value", "databricks-sql-access"),
                        JsonObject.create().with("value", "workspace-access"))));
    }
}
