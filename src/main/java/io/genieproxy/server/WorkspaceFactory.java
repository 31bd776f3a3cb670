package io.genieproxy.server;

import io.genieproxy.upstream.UpstreamSettings;
import io.genieproxy.upstream.Workspace;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.URI;

/** Resolves the one workspace the proxy forwards to, from configuration only. */
@Factory
public class WorkspaceFactory {

    @Singleton
    Workspace workspace(UpstreamSettings settings) {
        if (settings.url() == null || settings.url().isBlank()) {
            throw new IllegalStateException("GENIE_UPSTREAM_URL is not set");
        }
        return new Workspace(URI.create(settings.url().trim()), false);
    }
}
