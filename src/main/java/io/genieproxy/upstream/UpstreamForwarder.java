package io.genieproxy.upstream;

import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.pipeline.StageFailure;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.client.ProxyHttpClient;
import io.micronaut.http.client.ProxyRequestOptions;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.client.exceptions.ResponseClosedException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micronaut.http.netty.NettyHttpResponseBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends one exchange to the workspace over pooled keep-alive connections: same method, path, query
 * and body; end-to-end headers only; the upstream credential set by the token stage. The response is
 * streamed back untouched unless a stage asked to read it, in which case it is buffered (bounded).
 */
public final class UpstreamForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamForwarder.class);
    private static final ProxyRequestOptions OPTIONS = ProxyRequestOptions.builder().retainHostHeader(false).build();

    private final ProxyHttpClient client;
    private final Workspace workspace;
    private final long maxBufferedBytes;

    public UpstreamForwarder(ProxyHttpClient client, Workspace workspace, long maxBufferedBytes) {
        this.client = client;
        this.workspace = workspace;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** Forwards the exchange: its own body streams upstream, its answer streams back unless a stage needs it. */
    public CompletionStage<ProxyResponse> forward(ProxyExchange exchange) {
        MutableHttpRequest<?> request = requestFor(exchange);
        List<String> names = new ArrayList<>(request.getHeaders().names());
        names.forEach(name -> request.getHeaders().remove(name));
        for (Map.Entry<String, String> h : HeaderRules.forwardableRequestHeaders(exchange.requestHeaders(), exchange.isBodyNeeded())) {
            request.getHeaders().add(h.getKey(), h.getValue());
        }
        if (exchange.upstreamAuthorization() != null) {
            request.getHeaders().set("Authorization", exchange.upstreamAuthorization());
        }
        request.getHeaders().set("X-Request-Id", exchange.requestId());
        boolean buffer = exchange.isBodyNeeded();
        CompletableFuture<ProxyResponse> result = new CompletableFuture<>();
        // Earlier stages may have continued on another thread (an identity lookup, say); restore the
        // request's context so the client span is a child of the caller's trace, not a new root.
        PropagatedContext context = exchange.frameworkContext() instanceof PropagatedContext c ? c : PropagatedContext.getOrEmpty();
        try (PropagatedContext.Scope ignored = context.propagate()) {
            Mono.from(client.proxy(request, OPTIONS))
                    .subscribe(response -> onResponse(exchange, response, buffer, result),
                            error -> result.completeExceptionally(new StageFailure(failure(error), error)));
        }
        return result;
    }

    private void onResponse(ProxyExchange exchange, MutableHttpResponse<?> response, boolean buffer, CompletableFuture<ProxyResponse> result) {
        exchange.upstreamStatus(response.code());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.getHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        List<Map.Entry<String, String>> kept = HeaderRules.forwardableResponseHeaders(headers, !buffer);
        if (!buffer) {
            result.complete(ProxyResponse.streamed(response.code(), kept, response, () -> discard(response)));
            return;
        }
        ByteBody body = bodyOf(response);
        if (body == null) {
            if (response instanceof NettyHttpResponseBuilder netty && netty.isStream()) {
                collect(netty.toStreamHttpResponse(), response.code(), kept, result);
            } else {
                byte[] bytes = response.getBody(byte[].class).orElse(new byte[0]);
                result.complete(ProxyResponse.buffered(new BufferedResponse(response.code(), kept, bytes)));
            }
            return;
        }
        long declared = body.expectedLength().orElse(-1);
        if (declared > maxBufferedBytes) {
            body.move().close();
            result.completeExceptionally(tooLarge());
            return;
        }
        body.buffer().whenComplete((available, error) -> {
            if (error != null) {
                result.completeExceptionally(new StageFailure(failure(error), error));
                return;
            }
            try (available) {
                if (available.length() > maxBufferedBytes) {
                    result.completeExceptionally(tooLarge());
                    return;
                }
                result.complete(ProxyResponse.buffered(new BufferedResponse(response.code(), kept, available.toByteArray())));
            }
        });
    }

    /**
     * The outgoing request: a body-less GET/HEAD is built afresh, so a retry can send it again; any
     * other request reuses the incoming one, whose body streams upstream exactly once.
     */
    private MutableHttpRequest<?> requestFor(ProxyExchange exchange) {
        String target = workspace.url(exchange.route().target());
        if (exchange.route().isIdempotent()) {
            return HttpRequest.create(io.micronaut.http.HttpMethod.parse(exchange.method()), target);
        }
        MutableHttpRequest<?> request = ((HttpRequest<?>) exchange.frameworkRequest()).mutate();
        request.uri(java.net.URI.create(target));
        return request;
    }

    /** Drains and frees a proxied body nobody will read, so its pooled connection is released. */
    private static void discard(MutableHttpResponse<?> response) {
        if (response instanceof NettyHttpResponseBuilder netty && netty.isStream()) {
            Flux.from(netty.toStreamHttpResponse()).subscribe(ReferenceCountUtil::release, error -> LOG.debug("Discarded body failed: {}",
                    error.getClass().getSimpleName()));
        }
    }

    /** Reads a streamed Netty body into memory, up to the buffering bound. */
    private void collect(Publisher<HttpContent> stream, int status, List<Map.Entry<String, String>> headers,
                         CompletableFuture<ProxyResponse> result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Flux.from(stream).subscribe(new BaseSubscriber<HttpContent>() {
            @Override
            protected void hookOnNext(HttpContent content) {
                try {
                    ByteBuf buf = content.content();
                    if (bytes.size() + buf.readableBytes() > maxBufferedBytes) {
                        cancel();
                        result.completeExceptionally(tooLarge());
                        return;
                    }
                    buf.readBytes(bytes, buf.readableBytes());
                } catch (java.io.IOException e) {
                    cancel();
                    result.completeExceptionally(new StageFailure(failure(e), e));
                } finally {
                    content.release();
                }
            }

            @Override
            protected void hookOnError(Throwable error) {
                result.completeExceptionally(new StageFailure(failure(error), error));
            }

            @Override
            protected void hookOnComplete() {
                result.complete(ProxyResponse.buffered(new BufferedResponse(status, headers, bytes.toByteArray())));
            }
        });
    }

    /** The proxied response's body: a byte body in the response, or the body object it carries. */
    private static ByteBody bodyOf(MutableHttpResponse<?> response) {
        if (response instanceof ByteBodyHttpResponse<?> b) {
            return b.byteBody();
        }
        return response.getBody().orElse(null) instanceof ByteBody b ? b : null;
    }

    private static StageFailure tooLarge() {
        return new StageFailure(Rejection.of(Rejection.Reason.BAD_GATEWAY, "The workspace answer is larger than the proxy may inspect."));
    }

    /**
     * Maps a transport failure to the refusal the caller sees: 413 when the caller's own body grew past
     * the server's limit while it streamed (the upstream then sees an aborted, incomplete body),
     * 502 unreachable, 504 timeout.
     */
    static Rejection failure(Throwable error) {
        Throwable cause = StageFailure.unwrap(error);
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ContentLengthExceededException) {
                return Rejection.of(Rejection.Reason.PAYLOAD_TOO_LARGE, "The request body is too large.");
            }
            if (t instanceof ReadTimeoutException || t instanceof TimeoutException
                    || t instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return Rejection.of(Rejection.Reason.GATEWAY_TIMEOUT, "The workspace did not answer in time.");
            }
            if (t instanceof ConnectException) {
                return Rejection.of(Rejection.Reason.BAD_GATEWAY, "The workspace could not be reached.");
            }
            if (t instanceof ResponseClosedException) {
                return Rejection.of(Rejection.Reason.BAD_GATEWAY, "The workspace closed the connection.");
            }
        }
        LOG.warn("Upstream call failed: {}", cause.getClass().getSimpleName());
        return Rejection.of(Rejection.Reason.BAD_GATEWAY, "The workspace could not be reached.");
    }
}
