package io.genieproxy.upstream;

import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import java.util.concurrent.CompletionStage;

/** The innermost stage: the only one that talks to the workspace. */
public final class ForwardStage implements ProxyStage {
    private final UpstreamForwarder forwarder;

    public ForwardStage(UpstreamForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.FORWARD;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        return forwarder.forward(exchange);
    }
}
