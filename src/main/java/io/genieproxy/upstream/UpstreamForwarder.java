package io.genieproxy.upstream;

import io.genieproxy.pipeline.PendingCalls;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.pipeline.StageFailure;
import io.genieproxy.telemetry.UpstreamCallTelemetry;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.client.exceptions.ResponseClosedException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.netty.body.NettyByteBodyFactory;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

/**
 * Sends one exchange to the workspace over pooled keep-alive connections: same method, path, query
 * and body; end-to-end headers only; the upstream credential set by the token stage. Bodies move as
 * the client's byte bodies, without a reactive detour, so a streamed answer keeps its Content-Length;
 * an answer is buffered (bounded) when a stage asked to read it or when it is small.
 */
public final class UpstreamForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamForwarder.class);

    /**
     * Answers up to this size with a declared length are read whole before they are passed on, as a
     * reverse proxy's buffers do: one write to the caller instead of a streamed relay. Larger or
     * open-ended answers stream.
     */
    static final long SMALL_ANSWER_BYTES = 64 * 1024;

    private final RawHttpClient client;
    private final WorkspaceConnections connections;
    private final Workspace workspace;
    private final long maxBufferedBytes;
    private final long readTimeoutNanos;
    private final UpstreamCallTelemetry telemetry;
    /** Where a call waiting for the workspace is registered, so that a stop can answer it. */
    private final PendingCalls pending;

    /**
     * @param client the framework's client, for requests that arrived through the framework (those with a body)
     * @param connections the proxy's own connections, for requests the server lane took straight from Netty
     */
    public UpstreamForwarder(RawHttpClient client, WorkspaceConnections connections, Workspace workspace, UpstreamSettings settings,
                             UpstreamCallTelemetry telemetry, PendingCalls pending) {
        this.client = client;
        this.connections = connections;
        this.pending = pending;
        this.workspace = workspace;
        this.maxBufferedBytes = settings.maxBufferedBytes();
        this.readTimeoutNanos = settings.readTimeout().toNanos();
        this.telemetry = telemetry;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** Forwards the exchange: its own body streams upstream, its answer streams back unless a stage needs it. */
    public CompletionStage<ProxyResponse> forward(ProxyExchange exchange) {
        Rejection refusal = pending.abandonedWith();
        if (refusal != null) {
            return CompletableFuture.failedFuture(new StageFailure(refusal));
        }
        if (exchange.frameworkRequest() instanceof io.netty.handler.codec.http.HttpRequest
                && exchange.continuation() instanceof EventLoop loop) {
            return forwardFromLane(exchange, loop);
        }
        MutableHttpRequest<?> request = HttpRequest.create(HttpMethod.parse(exchange.method()), workspace.url(exchange.route().target()));
        for (Map.Entry<String, String> h : upstreamHeaders(exchange)) {
            request.getHeaders().add(h.getKey(), h.getValue());
        }
        CompletableFuture<ProxyResponse> result = pending.register(exchange.continuation());
        if (result.isDone()) {
            return result; // the proxy began stopping a moment ago: no call, so no client span either
        }
        UpstreamCallTelemetry.Call call = telemetry.start(exchange, request.getHeaders()::set);
        boolean buffer = exchange.isBodyNeeded();
        Mono.from(client.exchange(request, requestBody(exchange), null))
                .subscribe(response -> {
                    call.answered(response.code());
                    onResponse(response, buffer, exchange, result);
                }, error -> {
                    call.failed(StageFailure.unwrap(error));
                    result.completeExceptionally(new StageFailure(failure(error), error));
                });
        return result;
    }

    /**
     * The headers a call to the workspace carries, for either client: the caller's end-to-end headers (never its
     * credential, Host or routing headers), the upstream credential the token stage chose, and the request id.
     */
    private static List<Map.Entry<String, String>> upstreamHeaders(ProxyExchange exchange) {
        List<Map.Entry<String, String>> headers = HeaderRules.forwardableRequestHeaders(exchange.requestHeaders(), exchange.isBodyNeeded());
        if (exchange.upstreamAuthorization() != null) {
            headers.add(Map.entry("Authorization", exchange.upstreamAuthorization()));
        }
        headers.add(Map.entry("X-Request-Id", exchange.requestId()));
        return headers;
    }

    /** Sends a request without a body, taken from Netty by the server lane, on the same event loop's connections. */
    private CompletionStage<ProxyResponse> forwardFromLane(ProxyExchange exchange, EventLoop loop) {
        CompletableFuture<ProxyResponse> result = pending.register(loop);
        if (result.isDone()) {
            return result;
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpMethod.valueOf(exchange.method()), exchange.route().target(), Unpooled.EMPTY_BUFFER);
        HttpHeaders headers = request.headers();
        for (Map.Entry<String, String> h : upstreamHeaders(exchange)) {
            headers.add(h.getKey(), h.getValue());
        }
        headers.set(HttpHeaderNames.HOST, workspace.origin().getRawAuthority());
        UpstreamCallTelemetry.Call call = telemetry.start(exchange, headers::set);
        if (loop.inEventLoop()) {
            send(exchange, loop, request, call, result);
        } else {
            loop.execute(() -> send(exchange, loop, request, call, result));
        }
        return result;
    }

    /**
     * Sends the request on a pooled connection. It is sent once: a connection that fails may have carried
     * the request to the workspace, which may have acted on it (retries are the forward stage's decision).
     */
    private void send(ProxyExchange exchange, EventLoop loop, FullHttpRequest request, UpstreamCallTelemetry.Call call,
                      CompletableFuture<ProxyResponse> result) {
        connections.acquire(loop, channel -> {
            if (result.isDone()) {
                connections.release(channel, true); // the proxy began stopping: no call
                return;
            }
            WorkspaceCall upstream = new WorkspaceCall(connections, channel, exchange.isBodyNeeded(), exchange.method().equals("HEAD"),
                    maxBufferedBytes, readTimeoutNanos, new WorkspaceCall.Outcome() {
                @Override
                public void answered(int status) {
                    call.answered(status);
                    exchange.upstreamStatus(status);
                }

                @Override
                public void ready(ProxyResponse response) {
                    if (!result.complete(response)) {
                        response.discard(); // the caller was already answered (the proxy is stopping)
                    }
                }

                @Override
                public void failed(Throwable error) {
                    failCall(call, result, error);
                }
            });
            upstream.start(request);
        }, error -> failCall(call, result, error));
    }

    /** A lane call that failed: a refusal of the proxy's own as it is, a transport failure as its 502/504. */
    private static void failCall(UpstreamCallTelemetry.Call call, CompletableFuture<ProxyResponse> result, Throwable error) {
        call.failed(error);
        result.completeExceptionally(error instanceof StageFailure refusal ? refusal : new StageFailure(failure(error), error));
    }

    /**
     * Whether an answer is read whole before it is passed on: when a stage needs it, or when it is small with a
     * declared length (not for HEAD, which has no body to read).
     */
    static boolean readsWhole(boolean bodyNeeded, long declaredLength, boolean head) {
        return bodyNeeded || (declaredLength >= 0 && declaredLength <= SMALL_ANSWER_BYTES && !head);
    }

    /**
     * The caller's body, handed over to the client to stream upstream exactly once; none for a
     * GET/HEAD, so a retry can send the request again.
     */
    private static CloseableByteBody requestBody(ProxyExchange exchange) {
        if (exchange.route().isIdempotent() || !(exchange.frameworkRequest() instanceof ServerHttpRequest<?> server)) {
            return null;
        }
        return server.byteBody().move();
    }

    private void onResponse(HttpResponse<?> response, boolean buffer, ProxyExchange exchange, CompletableFuture<ProxyResponse> result) {
        CloseableByteBody body = response instanceof ByteBodyHttpResponse<?> raw ? raw.byteBody().move() : NettyByteBodyFactory.empty();
        if (result.isDone()) {
            body.close(); // the caller was already answered (the proxy is stopping): let the connection go
            return;
        }
        exchange.upstreamStatus(response.code());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.getHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        long declared = body.expectedLength().orElse(-1);
        boolean read = readsWhole(buffer, declared, exchange.method().equals("HEAD"));
        List<Map.Entry<String, String>> kept = HeaderRules.forwardableResponseHeaders(headers, !read);
        if (!read) {
            if (!result.complete(ProxyResponse.streamed(response.code(), kept, body, body::close))) {
                body.close();
            }
            return;
        }
        if (declared > maxBufferedBytes) {
            body.close();
            result.completeExceptionally(tooLarge());
        } else if (declared >= 0) {
            body.buffer().whenComplete((available, error) -> {
                if (error != null) {
                    result.completeExceptionally(new StageFailure(failure(error), error));
                    return;
                }
                try (available) {
                    result.complete(ProxyResponse.buffered(new BufferedResponse(response.code(), kept, available.toByteArray())));
                }
            });
        } else {
            collect(body, response.code(), kept, result);
        }
    }

    /** Reads a body of unknown length into memory, up to the buffering bound. */
    private void collect(CloseableByteBody body, int status, List<Map.Entry<String, String>> headers,
                         CompletableFuture<ProxyResponse> result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NettyByteBodyFactory.toByteBufs(body).subscribe(new BaseSubscriber<ByteBuf>() {
            @Override
            protected void hookOnNext(ByteBuf buf) {
                try {
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
                    buf.release();
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

    static StageFailure tooLarge() {
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
            if (t instanceof ResponseClosedException || t instanceof ClosedChannelException) {
                return Rejection.of(Rejection.Reason.BAD_GATEWAY, "The workspace closed the connection.");
            }
        }
        LOG.warn("Upstream call failed: {}", cause.getClass().getSimpleName());
        return Rejection.of(Rejection.Reason.BAD_GATEWAY, "The workspace could not be reached.");
    }
}
