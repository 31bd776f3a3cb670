package io.genieproxy.tokenexchange;

import java.net.URI;
import java.util.Locale;

/** Normalises a workspace origin ({@code scheme://host[:port]}, lower case, no trailing slash) for URLs and cache keys. */
final class WorkspaceUrls {

    private WorkspaceUrls() {
    }

    static String normalise(String workspaceUrl) {
        if (workspaceUrl == null || workspaceUrl.isBlank()) {
            throw new IllegalArgumentException("a workspace URL is required");
        }
        URI uri = URI.create(workspaceUrl.strip());
        if (uri.getScheme() == null || uri.getHost() == null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("the workspace URL must be an origin such as https://host");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        return origin + path;
    }

    static URI tokenEndpoint(String workspaceUrl) {
        return URI.create(normalise(workspaceUrl) + "/oidc/v1/token");
    }
}
