package io.genieproxy.upstream;

import io.genieproxy.pipeline.Rejection;
import io.genieproxy.pipeline.StageFailure;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Keep-alive HTTP/1.1 connections to the workspace, pooled per event loop: a call runs on the loop that
 * read the caller's request and takes an idle connection of that loop, so neither crosses a thread.
 * Each loop opens at most {@link #maxPerLoop} connections; a call beyond that waits for one to come back,
 * and is refused 503 if none does within the connect timeout. An https workspace is verified against the
 * JDK's trust store and its host name.
 */
public final class WorkspaceConnections {
    /** Connections per event loop unless told otherwise (the framework's client allowed 256 in all). */
    static final int DEFAULT_MAX_PER_LOOP = 128;

    private static final AttributeKey<WorkspaceCall.Handler> HANDLER = AttributeKey.valueOf("genie-workspace-call");

    private final String host;
    private final int port;
    private final SslContext ssl;
    private final int connectTimeoutMillis;
    private final int maxPerLoop;
    private final FastThreadLocal<LoopPool> pools = new FastThreadLocal<>() {
        @Override
        protected LoopPool initialValue() {
            return new LoopPool();
        }
    };

    public WorkspaceConnections(URI origin, Duration connectTimeout) {
        this(origin, connectTimeout, DEFAULT_MAX_PER_LOOP, null);
    }

    /** @param trust the certificates an https workspace may present; null for the JDK's trust store */
    WorkspaceConnections(URI origin, Duration connectTimeout, int maxPerLoop, TrustManagerFactory trust) {
        this.host = origin.getHost();
        boolean https = origin.getScheme().equalsIgnoreCase("https");
        this.port = origin.getPort() > 0 ? origin.getPort() : https ? 443 : 80;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        this.maxPerLoop = maxPerLoop;
        try {
            this.ssl = https ? SslContextBuilder.forClient().trustManager(trust).build() : null;
        } catch (SSLException e) {
            throw new IllegalStateException("TLS for the workspace could not be set up", e);
        }
    }

    /** One event loop's connections: idle ones, how many are open, and the calls waiting for one. */
    private static final class LoopPool {
        final ArrayDeque<Channel> idle = new ArrayDeque<>();
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        int open;
    }

    /** A call waiting for a connection, refused when none comes back in time. */
    private record Waiter(Consumer<Channel> ready, Consumer<Throwable> failed, ScheduledFuture<?> deadline) {
    }

    /** Lends an idle connection of {@code loop}, opens one, or queues the call; must run on {@code loop}. */
    void acquire(EventLoop loop, Consumer<Channel> ready, Consumer<Throwable> failed) {
        LoopPool pool = pools.get();
        Channel channel;
        while ((channel = pool.idle.pollLast()) != null) {
            if (channel.isActive()) {
                ready.accept(channel);
                return;
            }
        }
        if (pool.open < maxPerLoop) {
            open(loop, pool, ready, failed);
            return;
        }
        Waiter[] self = new Waiter[1];
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            if (pool.waiting.remove(self[0])) {
                failed.accept(new StageFailure(Rejection.of(Rejection.Reason.UNAVAILABLE,
                        "The proxy has no free connection to the workspace; try again.")));
            }
        }, connectTimeoutMillis, TimeUnit.MILLISECONDS);
        self[0] = new Waiter(ready, failed, deadline);
        pool.waiting.addLast(self[0]);
    }

    private void open(EventLoop loop, LoopPool pool, Consumer<Channel> ready, Consumer<Throwable> failed) {
        pool.open++;
        ChannelFuture connecting = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("ssl", sslHandler(ch));
                        }
                        WorkspaceCall.Handler handler = new WorkspaceCall.Handler();
                        ch.attr(HANDLER).set(handler);
                        ch.pipeline().addLast("codec", new HttpClientCodec(8192, 64 * 1024, 64 * 1024));
                        ch.pipeline().addLast("call", handler);
                    }
                })
                .connect(host, port);
        Channel channel = connecting.channel();
        channel.closeFuture().addListener(closed -> closed(loop, pool, channel));
        connecting.addListener((ChannelFutureListener) connected -> {
            if (connected.isSuccess()) {
                ready.accept(connected.channel());
            } else {
                failed.accept(connected.cause());
            }
        });
    }

    /** A connection closed: a waiting call may open the one it frees. */
    private void closed(EventLoop loop, LoopPool pool, Channel channel) {
        pool.open--;
        pool.idle.remove(channel);
        Waiter next = pool.waiting.pollFirst();
        if (next != null) {
            next.deadline().cancel(false);
            open(loop, pool, next.ready(), next.failed());
        }
    }

    /**
     * Takes a connection back after a complete exchange: it goes to the next waiting call, or waits idle;
     * it is closed instead when it cannot be reused.
     */
    void release(Channel channel, boolean reusable) {
        handlerOf(channel).idle();
        channel.config().setAutoRead(true); // so that a close by the workspace is noticed while it waits
        if (!reusable || !channel.isActive()) {
            channel.close();
            return;
        }
        LoopPool pool = pools.get();
        Waiter next = pool.waiting.pollFirst();
        if (next != null) {
            next.deadline().cancel(false);
            next.ready().accept(channel);
            return;
        }
        pool.idle.addLast(channel);
    }

    static WorkspaceCall.Handler handlerOf(Channel channel) {
        return channel.attr(HANDLER).get();
    }

    private SslHandler sslHandler(SocketChannel ch) {
        SslHandler handler = ssl.newHandler(ch.alloc(), host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }
}
