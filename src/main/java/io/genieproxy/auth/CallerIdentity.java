package io.genieproxy.auth;

import java.util.List;

/**
 * Who is calling, as established by authentication: never the token itself.
 *
 * @param userName the user name (an e-mail for users, an application id for service principals)
 * @param userId the workspace user id or the JWT subject
 * @param groups group names, empty when unknown
 * @param source how the identity was established ({@code databricks} or {@code jwt})
 */
public record CallerIdentity(String userName, String userId, List<String> groups, String source) {
    public CallerIdentity {
        if (userName == null || userName.isBlank()) {
            throw new IllegalArgumentException("an identity needs a user name");
        }
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A stable key for per-caller state (cache, limits): the user id when known, else the user name. */
    public String key() {
        return source + ":" + (userId != null && !userId.isBlank() ? userId : userName);
    }

    public boolean isMemberOf(String group) {
        return groups.contains(group);
    }
}
