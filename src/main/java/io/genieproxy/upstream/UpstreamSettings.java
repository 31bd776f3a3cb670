package io.genieproxy.upstream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * Where and how the proxy reaches the workspace ({@code genie.upstream.*}).
 *
 * @param url the workspace origin ({@code GENIE_UPSTREAM_URL}); unset means demo mode, in which the
 *            embedded simulator is the upstream
 * @param connectTimeout connect timeout (default 5s)
 * @param readTimeout read timeout per upstream call (default 60s); exceeded → 504
 * @param maxBufferedBytes largest upstream body a stage may read into memory (default 64 MiB); larger
 *                         bodies on routes that must be read fail closed with 502
 */
@ConfigurationProperties("genie.upstream")
public record UpstreamSettings(
        @Nullable String url,
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "60s") Duration readTimeout,
        @Bindable(defaultValue = "67108864") long maxBufferedBytes) {
}
