package io.genieproxy.cache;

import io.genieproxy.auth.CallerIdentity;
import io.genieproxy.genie.GenieRoute;
import io.genieproxy.genie.GenieRoutes;
import io.genieproxy.upstream.BufferedResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Routes, callers and answers for the cache tests. */
final class CacheFixtures {
    static final String WS = "ws-1";
    static final CallerIdentity ALICE = new CallerIdentity("alice@example.com", "101", List.of(), "databricks");
    static final CallerIdentity BOB = new CallerIdentity("bob@example.com", "102", List.of(), "databricks");

    private CacheFixtures() {
    }

    static GenieRoute route(String method, String path, String query) {
        return GenieRoutes.parse(method, GenieRoutes.PREFIX + path, query).orElseThrow();
    }

    static GenieRoute get(String path) {
        return route("GET", path, null);
    }

    /** An answer nothing reported on, as the cache and the coalescer hold it. */
    static CachedAnswer json(int status, String body) {
        return CachedAnswer.of(new BufferedResponse(status, List.of(Map.entry("Content-Type", "application/json")),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    static CachedAnswer ok(String body) {
        return json(200, body);
    }
}
