package io.genieproxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Sits in front of the server's HTTP/1 decoder on one connection and refuses obsolete line folding
 * (a header line starting with a space or tab, RFC 9112 §5.2), which the decoder would otherwise join
 * silently, so that a folded field can never be read one way here and another way by anything else.
 *
 * <p>Only header sections are scanned: it hands the decoder one header section at a time and then
 * passes the body through (exactly {@code Content-Length} bytes, or chunked data line by line) until
 * {@link FramingGuardHandler} reports that the decoder finished the message, so that a pipelined
 * request's header section is scanned as well and body bytes never are.
 */
public final class LineFoldingGuardHandler extends ChannelInboundHandlerAdapter {
    /** The handler's name in the channel pipeline. */
    public static final String NAME = "genie-line-folding-guard";

    private static final int FOLDED = -2;
    private static final FramingRefusal FOLDING = FramingRefusal.malformed("obs_fold", "Folded header lines are not accepted.");

    private enum Mode { HEAD, BODY, REFUSED }

    private enum HeadState { BEFORE_REQUEST_LINE, IN_LINE, LINE_START, CR_AT_LINE_START }

    private final Consumer<String> onRefused;
    private Mode mode = Mode.HEAD;
    private HeadState head = HeadState.BEFORE_REQUEST_LINE;
    private boolean messageEnded;
    private long fixedRemaining;

    /** @param onRefused called with the refusal's bounded reason label, for metrics */
    public LineFoldingGuardHandler(Consumer<String> onRefused) {
        this.onRefused = onRefused;
    }

    /** Called by the framing guard for an accepted request head: its body length, or -1 when chunked. */
    void headAccepted(long contentLength) {
        fixedRemaining = contentLength;
    }

    /** Called by the framing guard when the decoder has produced the last part of a message. */
    void messageEnded() {
        messageEnded = true;
    }

    /** Called by the framing guard when it refused the connection: nothing more is passed on. */
    void refusedDownstream() {
        mode = Mode.REFUSED;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            int pos = buf.readerIndex();
            int end = buf.writerIndex();
            while (pos < end && mode != Mode.REFUSED) {
                int length;
                if (mode == Mode.HEAD) {
                    int headEnd = scanHead(buf, pos, end);
                    if (headEnd == FOLDED) {
                        refuse(ctx);
                        return;
                    }
                    if (headEnd >= 0) {
                        mode = Mode.BODY;
                        messageEnded = false;
                        fixedRemaining = -1;
                    }
                    length = (headEnd >= 0 ? headEnd : end) - pos;
                } else if (fixedRemaining > 0) {
                    length = (int) Math.min(fixedRemaining, end - pos);
                    fixedRemaining -= length;
                } else {
                    int lineFeed = buf.indexOf(pos, end, (byte) '\n');
                    length = (lineFeed < 0 ? end : lineFeed + 1) - pos;
                }
                ctx.fireChannelRead(buf.retainedSlice(pos, length));
                pos += length;
                if (mode == Mode.BODY && messageEnded) {
                    mode = Mode.HEAD;
                    head = HeadState.BEFORE_REQUEST_LINE;
                }
            }
        } finally {
            ReferenceCountUtil.release(buf);
        }
    }

    /** The index just after the line feed that ends the header section, -1 if not in this buffer, or FOLDED. */
    private int scanHead(ByteBuf buf, int from, int end) {
        int i = from;
        while (i < end) {
            if (head == HeadState.IN_LINE) {
                // the rest of a line needs no look: skip to its line feed
                int lineFeed = buf.indexOf(i, end, (byte) '\n');
                if (lineFeed < 0) {
                    return -1;
                }
                head = HeadState.LINE_START;
                i = lineFeed + 1;
                continue;
            }
            byte b = buf.getByte(i);
            switch (head) {
                case BEFORE_REQUEST_LINE -> {
                    if (b > ' ' && b != 0x7f) {
                        head = HeadState.IN_LINE;
                    }
                }
                case LINE_START -> {
                    if (b == ' ' || b == '\t') {
                        return FOLDED;
                    }
                    if (b == '\n') {
                        return i + 1;
                    }
                    head = b == '\r' ? HeadState.CR_AT_LINE_START : HeadState.IN_LINE;
                }
                case CR_AT_LINE_START -> {
                    if (b == '\n') {
                        return i + 1;
                    }
                    head = HeadState.IN_LINE;
                }
                default -> throw new IllegalStateException(head.name());
            }
            i++;
        }
        return -1;
    }

    private void refuse(ChannelHandlerContext ctx) {
        mode = Mode.REFUSED;
        onRefused.accept(FOLDING.reason());
        byte[] body = FOLDING.envelope().getBytes(StandardCharsets.UTF_8);
        String statusAndHeaders = "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: " + body.length
                + "\r\nconnection: close\r\n\r\n";
        ByteBuf response = Unpooled.wrappedBuffer(statusAndHeaders.getBytes(StandardCharsets.US_ASCII), body);
        ctx.writeAndFlush(response).addListener(written -> FramingGuardHandler.closeGracefully(ctx));
    }
}
