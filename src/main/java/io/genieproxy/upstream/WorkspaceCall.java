package io.genieproxy.upstream;

import io.genieproxy.pipeline.ProxyResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One request to the workspace on a lent connection, run on that connection's event loop: sends the
 * request, then reads the answer whole (when a stage needs it, or it is small and of declared length) or
 * hands it on as a {@link StreamedAnswer}. The read timeout counts from the last byte received, and not
 * while a slow caller holds a stream back.
 */
final class WorkspaceCall {
    /** What the call tells the forwarder; every method runs on the connection's event loop. */
    interface Outcome {
        /** The answer's status line arrived. */
        void answered(int status);

        /** The answer is ready to be passed on (buffered or streamed). */
        void ready(ProxyResponse response);

        /** The call failed before its answer was ready. */
        void failed(Throwable error);
    }

    private final WorkspaceConnections connections;
    private final Channel channel;
    private final boolean bodyNeeded;
    private final boolean headRequest;
    private final long maxBufferedBytes;
    private final long readTimeoutNanos;
    private final Outcome outcome;

    private int status;
    private List<Map.Entry<String, String>> headers;
    private boolean keepAlive;
    private ByteBuf buffered;
    private StreamedAnswer stream;
    private boolean finished;
    private boolean paused;
    private long lastReadNanos;
    private ScheduledFuture<?> timer;

    WorkspaceCall(WorkspaceConnections connections, Channel channel, boolean bodyNeeded, boolean headRequest,
                  long maxBufferedBytes, long readTimeoutNanos, Outcome outcome) {
        this.connections = connections;
        this.channel = channel;
        this.bodyNeeded = bodyNeeded;
        this.headRequest = headRequest;
        this.maxBufferedBytes = maxBufferedBytes;
        this.readTimeoutNanos = readTimeoutNanos;
        this.outcome = outcome;
    }

    void start(FullHttpRequest request) {
        WorkspaceConnections.handlerOf(channel).call = this;
        lastReadNanos = System.nanoTime();
        timer = channel.eventLoop().schedule(this::checkTimeout, readTimeoutNanos, TimeUnit.NANOSECONDS);
        channel.writeAndFlush(request).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                fail(written.cause());
            }
        });
    }

    private void read(Object msg) {
        lastReadNanos = System.nanoTime();
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ReferenceCountUtil.release(msg);
                return;
            }
            head(response);
        }
        if (msg instanceof HttpContent content) {
            content(content);
        }
    }

    private void head(HttpResponse response) {
        if (!response.decoderResult().isSuccess()) {
            fail(response.decoderResult().cause());
            return;
        }
        status = response.status().code();
        keepAlive = HttpUtil.isKeepAlive(response);
        List<Map.Entry<String, String>> all = new ArrayList<>(response.headers().size());
        response.headers().iteratorAsString().forEachRemaining(all::add);
        long declared = HttpUtil.getContentLength(response, -1L);
        boolean read = UpstreamForwarder.readsWhole(bodyNeeded, declared, headRequest);
        headers = HeaderRules.forwardableResponseHeaders(all, !read);
        outcome.answered(status);
        if (!read) {
            stream = new StreamedAnswer(this);
            channel.config().setAutoRead(false); // until the caller's side takes the stream
            outcome.ready(ProxyResponse.streamed(status, headers, stream, stream::discard));
        } else if (declared > maxBufferedBytes) {
            fail(UpstreamForwarder.tooLarge());
        } else {
            buffered = channel.alloc().heapBuffer((int) Math.max(0, Math.min(declared, 1 << 20)));
        }
    }

    private void content(HttpContent content) {
        if (stream != null) {
            if (content instanceof LastHttpContent) {
                end();
            }
            stream.offer(content);
            return;
        }
        try {
            if (buffered == null) {
                return; // a failed head: already answered
            }
            ByteBuf bytes = content.content();
            if (buffered.readableBytes() + (long) bytes.readableBytes() > maxBufferedBytes) {
                fail(UpstreamForwarder.tooLarge());
                return;
            }
            buffered.writeBytes(bytes);
        } finally {
            content.release();
        }
        if (content instanceof LastHttpContent) {
            byte[] body = new byte[buffered.readableBytes()];
            buffered.readBytes(body);
            buffered.release();
            buffered = null;
            end();
            outcome.ready(ProxyResponse.buffered(new BufferedResponse(status, headers, body)));
        }
    }

    /** The whole answer arrived: the connection goes back to the pool. */
    private void end() {
        finished = true;
        timer.cancel(false);
        connections.release(channel, keepAlive);
    }

    private void closed() {
        if (!finished) {
            fail(new ClosedChannelException());
        }
    }

    private void fail(Throwable error) {
        if (finished) {
            return;
        }
        finished = true;
        timer.cancel(false);
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
        channel.close();
        if (stream != null) {
            stream.broken();
        } else {
            outcome.failed(error);
        }
    }

    private void checkTimeout() {
        if (finished) {
            return;
        }
        long idle = System.nanoTime() - lastReadNanos;
        if (paused || idle < readTimeoutNanos) {
            timer = channel.eventLoop().schedule(this::checkTimeout, paused ? readTimeoutNanos : readTimeoutNanos - idle, TimeUnit.NANOSECONDS);
            return;
        }
        fail(ReadTimeoutException.INSTANCE);
    }

    /** The caller cannot take more yet: stop reading from the workspace (and stop the read timeout). */
    void pause() {
        if (!paused && !finished) {
            paused = true;
            channel.config().setAutoRead(false);
        }
    }

    /** The caller can take more: read on. */
    void resume() {
        if (finished) {
            return;
        }
        if (paused) {
            paused = false;
            lastReadNanos = System.nanoTime();
        }
        channel.config().setAutoRead(true);
        channel.read();
    }

    /** The caller went away or the stream was dropped before its end: the connection cannot be reused. */
    void abort() {
        if (!finished) {
            finished = true;
            timer.cancel(false);
            channel.close();
        }
    }

    Channel channel() {
        return channel;
    }

    /** The connection's last handler: passes what arrives to the call in progress, if any. */
    static final class Handler extends ChannelInboundHandlerAdapter {
        private WorkspaceCall call;

        void idle() {
            call = null;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (call == null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            call.read(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (call != null) {
                call.closed();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (call != null) {
                call.fail(cause);
            } else {
                ctx.close();
            }
        }
    }
}
