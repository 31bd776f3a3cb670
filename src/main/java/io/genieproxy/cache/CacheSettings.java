package io.genieproxy.cache;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Per-caller answer cache and poll coalescing ({@code genie.cache.*}).
 *
 * @param ttl how long terminal messages and query results are served from cache ({@code GENIE_CACHE_TTL},
 *            default 10m; {@code 0s} turns the cache off, coalescing stays on)
 * @param metadataTtl space metadata and list pages (default 30s, never longer than {@code ttl})
 * @param maxBytes bound of the cache by body bytes (default 64 MiB)
 * @param minPollInterval a caller polling one message faster than this gets the last known state
 *                        without an upstream call (default 0s: off)
 */
@ConfigurationProperties("genie.cache")
public record CacheSettings(
        @Bindable(defaultValue = "10m") Duration ttl,
        @Bindable(defaultValue = "30s") Duration metadataTtl,
        @Bindable(defaultValue = "67108864") long maxBytes,
        @Bindable(defaultValue = "0s") Duration minPollInterval) {
}
