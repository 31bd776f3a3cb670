package io.genieproxy.server;

import io.genieproxy.guard.GuardStage;
import io.genieproxy.pipeline.ProxyPipeline;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.telemetry.MetricNames;
import io.genieproxy.upstream.ForwardStage;
import io.genieproxy.upstream.UpstreamForwarder;
import io.genieproxy.upstream.UpstreamSettings;
import io.genieproxy.upstream.Workspace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.client.ProxyHttpClient;
import jakarta.inject.Singleton;
import java.util.List;

/** Wires the framework-free stages into the pipeline. */
@Factory
public class PipelineFactory {

    @Singleton
    ProxyPipeline pipeline(List<ProxyStage> stages) {
        return new ProxyPipeline(stages);
    }

    @Singleton
    GuardStage guardStage(MeterRegistry meters) {
        return new GuardStage((kind, reason) -> meters.counter(MetricNames.GUARD_REJECTIONS, "kind", kind, "reason", reason).increment());
    }

    @Singleton
    UpstreamForwarder forwarder(ProxyHttpClient client, Workspace workspace, UpstreamSettings settings) {
        return new UpstreamForwarder(client, workspace, settings.maxBufferedBytes());
    }

    @Singleton
    ForwardStage forwardStage(UpstreamForwarder forwarder) {
        return new ForwardStage(forwarder);
    }
}
