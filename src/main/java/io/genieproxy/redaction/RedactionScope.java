package io.genieproxy.redaction;

import java.util.Set;

/**
 * Who a body is being redacted for: the Genie space it came from (per-space rules) and the caller's
 * groups (exemptions).
 *
 * @param spaceId the space id, or null when the route has none
 * @param callerGroups the caller's groups, never null
 */
public record RedactionScope(String spaceId, Set<String> callerGroups) {
    public RedactionScope {
        callerGroups = callerGroups == null ? Set.of() : Set.copyOf(callerGroups);
    }

    /** A scope with no space and no groups: the policy's defaults apply. */
    public static RedactionScope anonymous() {
        return new RedactionScope(null, Set.of());
    }
}
