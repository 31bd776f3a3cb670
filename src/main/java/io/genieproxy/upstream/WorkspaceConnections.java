package io.genieproxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Keep-alive HTTP/1.1 connections to the workspace, pooled per event loop: a call runs on the loop that
 * read the caller's request and takes an idle connection of that loop, so neither crosses a thread.
 * An https workspace is verified against the JDK's trust store and its host name.
 */
public final class WorkspaceConnections {
    /** Idle connections kept per event loop; one more is closed when it comes back. */
    static final int MAX_IDLE_PER_LOOP = 128;

    private static final AttributeKey<WorkspaceCall.Handler> HANDLER = AttributeKey.valueOf("genie-workspace-call");

    private final String host;
    private final int port;
    private final SslContext ssl;
    private final int connectTimeoutMillis;
    private final FastThreadLocal<ArrayDeque<Channel>> idle = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<Channel> initialValue() {
            return new ArrayDeque<>();
        }
    };

    public WorkspaceConnections(URI origin, Duration connectTimeout) {
        this.host = origin.getHost();
        boolean https = origin.getScheme().equalsIgnoreCase("https");
        this.port = origin.getPort() > 0 ? origin.getPort() : https ? 443 : 80;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        try {
            this.ssl = https ? SslContextBuilder.forClient().build() : null;
        } catch (SSLException e) {
            throw new IllegalStateException("TLS for the workspace could not be set up", e);
        }
    }

    /** Lends an idle connection of {@code loop}, or opens one; must run on {@code loop}. */
    void acquire(EventLoop loop, Consumer<Channel> ready, Consumer<Throwable> failed) {
        ArrayDeque<Channel> pool = idle.get();
        Channel channel;
        while ((channel = pool.pollLast()) != null) {
            if (channel.isActive()) {
                ready.accept(channel);
                return;
            }
        }
        new Bootstrap().group(loop).channel(NioSocketChannel.class)
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
                .connect(host, port)
                .addListener((ChannelFutureListener) connected -> {
                    if (connected.isSuccess()) {
                        ready.accept(connected.channel());
                    } else {
                        failed.accept(connected.cause());
                    }
                });
    }

    /** Takes a connection back after a complete exchange; it is closed instead when it cannot be reused. */
    void release(Channel channel, boolean reusable) {
        handlerOf(channel).idle();
        channel.config().setAutoRead(true); // so that a close by the workspace is noticed while it waits
        ArrayDeque<Channel> pool = idle.get();
        if (!reusable || !channel.isActive() || pool.size() >= MAX_IDLE_PER_LOOP) {
            channel.close();
            return;
        }
        pool.addLast(channel);
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
