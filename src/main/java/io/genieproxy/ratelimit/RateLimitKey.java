package io.genieproxy.ratelimit;

import java.util.Objects;

/**
 * What a budget belongs to: a scope ({@code workspace}, {@code space} or {@code user}) and the id within it.
 *
 * @param scope one of {@link #WORKSPACE}, {@link #SPACE}, {@link #USER}
 * @param id the workspace id, space id or caller identity key
 */
public record RateLimitKey(String scope, String id) {
    public static final String WORKSPACE = "workspace";
    public static final String SPACE = "space";
    public static final String USER = "user";

    public RateLimitKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(id, "id");
        if (scope.isBlank() || id.isBlank()) {
            throw new IllegalArgumentException("a rate limit key needs a scope and an id");
        }
    }

    public static RateLimitKey workspace(String workspaceId) {
        return new RateLimitKey(WORKSPACE, workspaceId);
    }

    public static RateLimitKey space(String spaceId) {
        return new RateLimitKey(SPACE, spaceId);
    }

    public static RateLimitKey user(String callerKey) {
        return new RateLimitKey(USER, callerKey);
    }

    /** The key as one string, {@code scope:id}, for storage names; ids may hold colons, the scope never does. */
    public String asString() {
        return scope + ":" + id;
    }
}
