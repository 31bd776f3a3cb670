package io.genieproxy.server;

import io.genieproxy.pipeline.ProxyPipeline;
import io.genieproxy.telemetry.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;

/**
 * Installs the edge guards on every HTTP/1 connection: {@link LineFoldingGuardHandler} directly before
 * the server codec (it must see raw bytes) and {@link FramingGuardHandler} directly after it, so that it
 * sees each request head before Micronaut's handlers route, buffer or forward anything; then
 * {@link NettyLaneHandler}, which answers proxied requests without a body itself.
 * The body limit is the server's own {@code micronaut.server.max-request-size}.
 */
@Singleton
public class FramingGuardCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private final BeanProvider<NettyHttpServerConfiguration> configuration;
    private final BeanProvider<MeterRegistry> meters;
    private final BeanProvider<ProxyPipeline> pipeline;

    public FramingGuardCustomizer(BeanProvider<NettyHttpServerConfiguration> configuration, BeanProvider<MeterRegistry> meters,
                                  BeanProvider<ProxyPipeline> pipeline) {
        this.configuration = configuration;
        this.meters = meters;
        this.pipeline = pipeline;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        registry.register(new ListenerCustomizer());
        return registry;
    }

    private void refused(String reason) {
        meters.get().counter(MetricNames.GUARD_REJECTIONS, "kind", "bad_framing", "reason", reason).increment();
    }

    /** Hands each accepted connection its own customizer. */
    private final class ListenerCustomizer implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new ConnectionCustomizer(channel) : this;
        }
    }

    /** Adds the guard once the connection's HTTP/1 pipeline is in place. */
    private final class ConnectionCustomizer implements NettyServerCustomizer {
        private final Channel channel;

        ConnectionCustomizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel child, ChannelRole role) {
            return this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null || pipeline.get(FramingGuardHandler.NAME) != null) {
                return;
            }
            FramingGuard guard = new FramingGuard(configuration.get().getMaxRequestSize());
            LineFoldingGuardHandler folding = new LineFoldingGuardHandler(FramingGuardCustomizer.this::refused);
            pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, LineFoldingGuardHandler.NAME, folding);
            pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, FramingGuardHandler.NAME,
                    new FramingGuardHandler(guard, folding, FramingGuardCustomizer.this::refused));
            pipeline.addAfter(FramingGuardHandler.NAME, NettyLaneHandler.NAME, new NettyLaneHandler(FramingGuardCustomizer.this.pipeline.get()));
        }
    }
}
