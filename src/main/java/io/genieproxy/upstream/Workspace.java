package io.genieproxy.upstream;

import java.net.URI;

/**
 * The workspace the proxy forwards to, resolved once at startup from configuration (or the embedded
 * simulator in demo mode). Nothing in a request can change it.
 *
 * @param origin scheme://host[:port], no path
 * @param demo whether it is the embedded simulated workspace
 */
public record Workspace(URI origin, boolean demo) {
    public Workspace {
        if (origin.getScheme() == null || origin.getHost() == null) {
            throw new IllegalArgumentException("GENIE_UPSTREAM_URL must be an absolute http(s) URL");
        }
        String scheme = origin.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("GENIE_UPSTREAM_URL must use http or https");
        }
        origin = URI.create(scheme + "://" + origin.getRawAuthority());
    }

    /** The label used for metrics and audit: the host name. */
    public String label() {
        return origin.getHost();
    }

    /** The absolute URL of a normalised request target on this workspace. */
    public String url(String target) {
        return origin + target;
    }
}
