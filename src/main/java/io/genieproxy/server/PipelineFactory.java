package io.genieproxy.server;

import io.genieproxy.guard.GuardStage;
import io.genieproxy.pipeline.PendingCalls;
import io.genieproxy.pipeline.ProxyPipeline;
import io.genieproxy.pipeline.ProxyStage;
import com.github.benmanes.caffeine.cache.Ticker;
import io.genieproxy.telemetry.MessageLifecycle;
import io.genieproxy.telemetry.MessageLifecycleStage;
import io.genieproxy.telemetry.TerminalClaims;
import io.genieproxy.telemetry.MetricNames;
import io.genieproxy.telemetry.TelemetrySettings;
import io.genieproxy.telemetry.TelemetryStage;
import io.genieproxy.telemetry.UpstreamCallTelemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import io.genieproxy.upstream.ForwardStage;
import io.genieproxy.upstream.UpstreamForwarder;
import io.genieproxy.upstream.UpstreamSettings;
import io.genieproxy.upstream.Workspace;
import io.genieproxy.upstream.WorkspaceConnections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.server.HttpServerConfiguration;
import io.genieproxy.upstream.CircuitBreaker;
import io.genieproxy.upstream.RetryPolicy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;

/** Wires the framework-free stages into the pipeline. */
@Factory
public class PipelineFactory {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineFactory.class);

    @Singleton
    ProxyPipeline pipeline(List<ProxyStage> stages) {
        return new ProxyPipeline(stages);
    }

    @Singleton
    GuardStage guardStage(MeterRegistry meters, HttpServerConfiguration server) {
        return new GuardStage((kind, reason) -> meters.counter(MetricNames.GUARD_REJECTIONS, "kind", kind, "reason", reason).increment(),
                server.getMaxRequestSize());
    }

    @Singleton
    TelemetryStage telemetryStage(MeterRegistry meters, OpenTelemetry openTelemetry, TelemetrySettings settings, Workspace workspace) {
        return new TelemetryStage(meters, openTelemetry, settings, workspace.label());
    }

    @Singleton
    MessageLifecycle messageLifecycle(MeterRegistry meters) {
        MessageLifecycle lifecycle = new MessageLifecycle(Duration.ofHours(1), 100_000, Ticker.systemTicker());
        Gauge.builder(MetricNames.ACTIVE_CONVERSATIONS, lifecycle, MessageLifecycle::activeConversations)
                .description("Conversations with a message in flight").register(meters);
        return lifecycle;
    }

    @Singleton
    MessageLifecycleStage messageLifecycleStage(MessageLifecycle lifecycle, TrafficFactory.SharedRedis redis, MeterRegistry meters) {
        // Registered with or without Redis, so dashboards show a flat zero rather than no data.
        Counter fallbacks = Counter.builder(MetricNames.TERMINAL_CLAIM_FALLBACKS)
                .description("Terminal messages this replica recorded without asking Redis whether another had").register(meters);
        TerminalClaims claims = redis.limiter() == null ? null
                : new TerminalClaims(redis.limiter()::commands, redis.limiter().keyPrefix(), Duration.ofDays(1), fallbacks::increment);
        return new MessageLifecycleStage(lifecycle, claims);
    }

    /** The calls requests wait on outside the proxy, which {@link ShutdownDrain} answers when a stop runs out of time. */
    @Singleton
    PendingCalls pendingCalls() {
        return new PendingCalls();
    }

    @Singleton
    UpstreamForwarder forwarder(RawHttpClient client, Workspace workspace, UpstreamSettings settings,
                                OpenTelemetry openTelemetry, MeterRegistry meters, PendingCalls pending) {
        return new UpstreamForwarder(client, new WorkspaceConnections(workspace.origin(), settings.connectTimeout()), workspace, settings,
                new UpstreamCallTelemetry(openTelemetry, meters), pending);
    }

    @Singleton
    ForwardStage forwardStage(UpstreamForwarder forwarder, CircuitBreaker breaker, MeterRegistry meters) {
        RetryPolicy retries = new RetryPolicy(RetryPolicy.Settings.DEFAULTS, Clock.systemUTC(), new SplittableRandom());
        meters.counter(MetricNames.UPSTREAM_RETRIES, "operation", "get_message");
        return new ForwardStage(forwarder, retries, breaker,
                operation -> meters.counter(MetricNames.UPSTREAM_RETRIES, "operation", operation).increment());
    }
}
