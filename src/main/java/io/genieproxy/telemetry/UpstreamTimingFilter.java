package io.genieproxy.telemetry;

import io.genieproxy.genie.GenieRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every call the proxy makes to the workspace's Genie API, from sending the request to receiving
 * the response headers ({@link MetricNames#UPSTREAM_DURATION}, tags operation and status_class; a call
 * that got no response counts as status class {@code error}). Only Genie paths are matched, so identity
 * and token endpoints are not mixed in; no tag carries an id, user or token.
 */
@ClientFilter(GenieRoutes.PREFIX + "**")
public final class UpstreamTimingFilter {
    private static final String START_NANOS = "genie.upstream.start-nanos";

    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>(); // per label values, looked up on every call

    public UpstreamTimingFilter(MeterRegistry meters) {
        this.meters = meters;
    }

    @RequestFilter
    public void start(MutableHttpRequest<?> request) {
        request.setAttribute(START_NANOS, System.nanoTime());
    }

    @ResponseFilter
    public void stop(HttpRequest<?> request, @Nullable HttpResponse<?> response, @Nullable Throwable failure) {
        Long start = request.getAttribute(START_NANOS, Long.class).orElse(null);
        if (start == null) {
            return;
        }
        String operation = GenieRoutes.parse(request.getMethodName(), request.getPath(), null)
                .map(route -> route.operation().label()).orElse("none");
        String statusClass = response != null ? (response.code() / 100) + "xx" : "error";
        timers.computeIfAbsent(operation + '|' + statusClass, key ->
                Timer.builder(MetricNames.UPSTREAM_DURATION).description("Time the workspace took to answer, to its response headers")
                        .tags("operation", operation, "status_class", statusClass)
                        .publishPercentileHistogram()
                        .register(meters)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
