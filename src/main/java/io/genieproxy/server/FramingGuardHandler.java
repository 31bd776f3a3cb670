package io.genieproxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sits right after the server's HTTP/1 decoder on one connection and refuses, with the Databricks
 * error envelope and a closed connection, every request whose framing {@link FramingGuard} finds
 * ambiguous or oversized; nothing of a refused request, and nothing after it on that connection,
 * reaches routing or the workspace. One instance per connection (it remembers the refusal).
 */
public final class FramingGuardHandler extends ChannelInboundHandlerAdapter {
    /** The handler's name in the channel pipeline. */
    public static final String NAME = "genie-framing-guard";

    private static final long LINGER_MILLIS = 2000;

    private final FramingGuard guard;
    private final LineFoldingGuardHandler folding;
    private final Consumer<String> onRefused;
    private boolean refused;

    /**
     * @param guard the framing rules
     * @param folding the same connection's raw-byte guard in front of the decoder, told where messages end
     * @param onRefused called with the refusal's bounded reason label, for metrics
     */
    public FramingGuardHandler(FramingGuard guard, LineFoldingGuardHandler folding, Consumer<String> onRefused) {
        this.guard = guard;
        this.folding = folding;
        this.onRefused = onRefused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            Optional<FramingRefusal> refusal = guard.refusalOf(request);
            if (refusal.isPresent()) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, refusal.get());
                return;
            }
            folding.headAccepted(HttpUtil.isTransferEncodingChunked(request) ? -1 : HttpUtil.getContentLength(request, 0L));
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, FramingGuard.decoderFailure(content.decoderResult().cause()));
            return;
        }
        if (msg instanceof LastHttpContent) {
            folding.messageEnded();
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, FramingRefusal refusal) {
        refused = true;
        folding.refusedDownstream();
        onRefused.accept(refusal.reason());
        ByteBuf body = Unpooled.copiedBuffer(refusal.envelope(), StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(refusal.status()), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(written -> closeGracefully(ctx));
    }

    /**
     * Half-closes first and keeps discarding input for a moment: closing a socket that still has unread
     * input sends a reset, which can destroy the refusal before the client reads it.
     */
    static void closeGracefully(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
            duplex.shutdownOutput().addListener(shut -> ctx.executor().schedule(() -> {
                ctx.close();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS));
        } else {
            ctx.close();
        }
    }
}
