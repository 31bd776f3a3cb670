package io.genieproxy.server;

import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyPipeline;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.upstream.BufferedResponse;
import io.genieproxy.upstream.StreamedAnswer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.handler.codec.DateFormatter;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's fast lane, one per connection, right after the framing guard: a proxied request without a
 * body (GET, HEAD, DELETE, OPTIONS: every poll and read) is run through the pipeline and answered from
 * here, so it crosses neither the framework's router nor its response writer; requests with a body and the
 * proxy's own endpoints go on to the framework. Requests on a connection are answered strictly in order:
 * one that arrives while an earlier answer is still being written waits for it.
 */
final class NettyLaneHandler extends ChannelDuplexHandler {
    static final String NAME = "genie-lane";

    /** Paths the framework serves itself. */
    private static final Set<String> FRAMEWORK_PATHS = Set.of("/health", "/health/readiness", "/health/liveness", "/prometheus");
    private static final Set<HttpMethod> BODILESS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE, HttpMethod.OPTIONS);
    /** Messages held back while an earlier answer is written; more means a client pipelining without reading. */
    private static final int MAX_HELD = 256;

    private enum Inbound { NONE, LANE, FRAMEWORK }

    private final ProxyPipeline pipeline;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    /** Requests on this connection whose answer is not completely written yet. */
    private int unanswered;
    private Inbound inbound = Inbound.NONE;
    /** Requests the lane took whose answer is not completely written yet. */
    private int owed;
    /** A close the framework asked for (a graceful stop) while the lane still owed an answer. */
    private ChannelPromise deferredClose;
    private StreamedAnswer relaying;
    private boolean closed;

    NettyLaneHandler(ProxyPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!held.isEmpty() || (msg instanceof HttpRequest && unanswered > 0)) {
            if (held.size() >= MAX_HELD) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            held.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(ctx, msg);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            unanswered++;
            boolean complete = msg instanceof LastHttpContent;
            if (takes(request)) {
                inbound = complete ? Inbound.NONE : Inbound.LANE;
                owed++;
                serve(ctx, request);
                ReferenceCountUtil.release(msg);
            } else {
                inbound = complete ? Inbound.NONE : Inbound.FRAMEWORK;
                ctx.fireChannelRead(msg);
            }
            return;
        }
        if (msg instanceof HttpContent) {
            Inbound to = inbound;
            if (msg instanceof LastHttpContent) {
                inbound = Inbound.NONE;
            }
            if (to == Inbound.FRAMEWORK) {
                ctx.fireChannelRead(msg);
            } else {
                ReferenceCountUtil.release(msg); // the (empty) end of a request the lane took
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether the lane answers this request: a decoded proxied request that declares no body. */
    static boolean takes(HttpRequest request) {
        if (!request.decoderResult().isSuccess() || !BODILESS.contains(request.method())) {
            return false;
        }
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING) || headers.contains(HttpHeaderNames.EXPECT)) {
            return false;
        }
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && !length.equals("0")) {
            return false;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        return !FRAMEWORK_PATHS.contains(query < 0 ? uri : uri.substring(0, query));
    }

    private void serve(ChannelHandlerContext ctx, HttpRequest request) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers().size());
        request.headers().iteratorAsString().forEachRemaining(headers::add);
        ProxyExchange exchange = ProxyExchanges.create(request.method().name(), request.uri(),
                (InetSocketAddress) ctx.channel().remoteAddress(), headers, request, ctx.channel().eventLoop());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpVersion version = request.protocolVersion();
        pipeline.handle(exchange).whenComplete((response, error) -> {
            if (ctx.executor().inEventLoop()) {
                respond(ctx, exchange, version, keepAlive, response, error);
            } else {
                ctx.executor().execute(() -> respond(ctx, exchange, version, keepAlive, response, error));
            }
        });
    }

    private void respond(ChannelHandlerContext ctx, ProxyExchange exchange, HttpVersion version, boolean keepAlive,
                         ProxyResponse response, Throwable error) {
        if (error != null || response == null) {
            response = ProxyResponse.rejected(Rejection.of(Rejection.Reason.INTERNAL, "The proxy could not handle the request."));
        }
        if (closed) {
            response.discard();
            return;
        }
        if (response.isRejected() || response.isBuffered()) {
            FullHttpResponse full = response.isRejected() ? rejection(version, response.rejection()) : buffered(version, response);
            full.headers().set("X-Request-Id", exchange.requestId());
            finish(ctx, full, keepAlive);
            return;
        }
        StreamedAnswer stream = (StreamedAnswer) response.stream();
        HttpResponse head = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(response.status()));
        for (Map.Entry<String, String> h : response.headers()) {
            head.headers().add(h.getKey(), h.getValue());
        }
        head.headers().set("X-Request-Id", exchange.requestId());
        if (!head.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && !exchange.method().equals("HEAD")) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        HttpUtil.setKeepAlive(head, keepAlive);
        ctx.write(head);
        relaying = stream;
        stream.relayTo(ctx.channel(), () -> answered(ctx, keepAlive), ctx::close);
    }

    private static FullHttpResponse rejection(HttpVersion version, Rejection rejection) {
        byte[] body = rejection.envelope().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse out = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(rejection.status()), Unpooled.wrappedBuffer(body));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        out.headers().set(HttpHeaderNames.DATE, DateFormatter.format(new Date())); // the proxy is this answer's origin
        if (rejection.retryAfterSeconds() > 0) {
            out.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(rejection.retryAfterSeconds()));
        }
        rejection.headers().forEach((k, v) -> out.headers().set(k, v));
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return out;
    }

    private static FullHttpResponse buffered(HttpVersion version, ProxyResponse response) {
        BufferedResponse answer = response.buffered();
        FullHttpResponse out = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(answer.body()));
        for (Map.Entry<String, String> h : answer.headers()) {
            out.headers().add(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> h : response.headers()) {
            out.headers().set(h.getKey(), h.getValue());
        }
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        return out;
    }

    private void finish(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> answered(ctx, keepAlive));
    }

    /** An answer of the lane's is completely written: close if the caller asked to, else go on with held requests. */
    private void answered(ChannelHandlerContext ctx, boolean keepAlive) {
        relaying = null;
        owed--;
        if (deferredClose != null && owed == 0) {
            ctx.close(deferredClose);
            return;
        }
        if (!keepAlive) {
            ctx.close();
            return;
        }
        answerDone(ctx);
    }

    private void answerDone(ChannelHandlerContext ctx) {
        unanswered--;
        boolean released = false;
        while (!held.isEmpty() && !(held.peek() instanceof HttpRequest && unanswered > 0)) {
            dispatch(ctx, held.poll());
            released = true;
        }
        if (released) {
            ctx.fireChannelReadComplete(); // the framework writes out what it answered at the end of a read
        }
        if (held.isEmpty() && !closed) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    /** Notices the end of each answer the framework writes, so that a request held behind it can go on. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean ends = msg instanceof LastHttpContent
                && !(msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
        ctx.write(msg, promise);
        if (ends) {
            answerDone(ctx);
        }
    }

    /**
     * The framework closes a connection it believes idle when the server stops gracefully; it does not know
     * the lane's requests, so the close waits until the lane's answers are written.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (owed > 0 && !closed) {
            deferredClose = promise;
            return;
        }
        ctx.close(promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (relaying != null) {
            relaying.callerWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (relaying != null) {
            relaying.callerClosed();
            relaying = null;
        }
        Object msg;
        while ((msg = held.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        ctx.fireChannelInactive();
    }
}
