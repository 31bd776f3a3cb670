package io.genieproxy.cache;

import io.genieproxy.auth.CallerIdentity;
import io.genieproxy.genie.GenieOperation;
import io.genieproxy.genie.GenieRoute;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Addresses one cached answer: the caller, the workspace, the operation, the path with its ids and
 * the normalised query; built only by {@link #of}, so no entry can be addressed without a caller.
 *
 * <p>A class rather than a record on purpose: a record's canonical constructor is public and would
 * let code build a key from a free-form caller string.
 */
public final class CacheKey {
    private final String callerKey;
    private final String workspaceId;
    private final GenieOperation operation;
    private final String path;
    private final String query;
    private final String[] ids;
    private final int hash;

    private CacheKey(String callerKey, String workspaceId, GenieRoute route) {
        this.callerKey = callerKey;
        this.workspaceId = workspaceId;
        this.operation = route.operation();
        this.path = route.method() + " " + route.path();
        this.query = normaliseQuery(route.query());
        this.ids = idsOf(route);
        this.hash = Objects.hash(callerKey, workspaceId, operation, path, query);
    }

    /**
     * The key of {@code route} as requested by {@code caller} in {@code workspaceId}.
     *
     * @throws IllegalArgumentException when the workspace is missing
     */
    public static CacheKey of(CallerIdentity caller, String workspaceId, GenieRoute route) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(route, "route");
        if (workspaceId == null || workspaceId.isBlank()) {
            throw new IllegalArgumentException("a cache key needs a workspace");
        }
        return new CacheKey(caller.key(), workspaceId, route);
    }

    public GenieOperation operation() {
        return operation;
    }

    public String workspaceId() {
        return workspaceId;
    }

    /** Whether this key was built for {@code caller}. */
    public boolean belongsTo(CallerIdentity caller) {
        return callerKey.equals(caller.key());
    }

    /** The ids in the path, from the widest: space, conversation, message, attachment, extra; nulls where absent. */
    static String[] idsOf(GenieRoute route) {
        return new String[] {route.spaceId(), route.conversationId(), route.messageId(), route.attachmentId(), route.extraId()};
    }

    /** Whether every id {@code scope} names is also this key's, so the key addresses something inside it. */
    boolean isInside(String workspace, String[] scope) {
        if (!workspaceId.equals(workspace)) {
            return false;
        }
        for (int i = 0; i < scope.length; i++) {
            if (scope[i] != null && !scope[i].equals(ids[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether every id this key names is also in {@code scope}, so the key addresses something that contains it. */
    boolean isAbove(String workspace, String[] scope) {
        if (!workspaceId.equals(workspace)) {
            return false;
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null && !ids[i].equals(scope[i])) {
                return false;
            }
        }
        return true;
    }

    /** Query parameters in a stable order (sorted, empty ones dropped) so equal requests share a key. */
    static String normaliseQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        return Arrays.stream(query.split("&")).filter(p -> !p.isEmpty()).sorted().collect(Collectors.joining("&"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k
                && hash == k.hash
                && callerKey.equals(k.callerKey)
                && workspaceId.equals(k.workspaceId)
                && operation == k.operation
                && path.equals(k.path)
                && query.equals(k.query);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The operation and path only: never the caller, which would put identities into logs. */
    @Override
    public String toString() {
        return "CacheKey[" + operation + " " + path + (query.isEmpty() ? "" : "?" + query) + "]";
    }
}
