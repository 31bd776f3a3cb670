import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.ArrayDeque;

/**
 * A reference point for the load benchmark, not part of the product: about the least a keep-alive
 * HTTP/1.1 relay on Netty can do (one workspace connection per caller connection, messages aggregated, no
 * checks, no error handling), so the benchmark shows what a JVM hop costs on the machine before any of the
 * proxy's own work. bench/run.sh compiles it against the proxy's jar for the target {@code netty-floor}.
 *
 * <p>Usage: {@code java -cp genie-proxy.jar:DIR NettyFloorRelay PORT UPSTREAM_HOST UPSTREAM_PORT}
 */
public final class NettyFloorRelay {
    private NettyFloorRelay() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        String upstreamHost = args[1];
        int upstreamPort = Integer.parseInt(args[2]);
        EventLoopGroup loops = new NioEventLoopGroup(2);
        new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Caller(upstreamHost, upstreamPort));
                    }
                })
                .bind(port).sync().channel().closeFuture().sync();
    }

    /** One caller connection and the workspace connection opened for it on the same event loop. */
    private static final class Caller extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String upstreamHost;
        private final int upstreamPort;
        private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
        private Channel upstream;

        Caller(String upstreamHost, int upstreamPort) {
            this.upstreamHost = upstreamHost;
            this.upstreamPort = upstreamPort;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel caller = ctx.channel();
            new Bootstrap().group(caller.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 << 20),
                                    new SimpleChannelInboundHandler<FullHttpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext c, FullHttpResponse response) {
                                            caller.writeAndFlush(response.retainedDuplicate());
                                        }
                                    });
                        }
                    })
                    .connect(upstreamHost, upstreamPort)
                    .addListener((ChannelFutureListener) connected -> {
                        upstream = connected.channel();
                        FullHttpRequest request;
                        while ((request = waiting.poll()) != null) {
                            upstream.writeAndFlush(request);
                        }
                    });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpRequest copy = request.retainedDuplicate();
            copy.headers().set(HttpHeaderNames.HOST, upstreamHost + ":" + upstreamPort);
            if (upstream == null) {
                waiting.add(copy);
            } else {
                upstream.writeAndFlush(copy);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (upstream != null) {
                upstream.close();
            }
        }
    }
}
