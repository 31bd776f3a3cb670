package io.genieproxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * The body of a workspace answer passed through unread: relayed chunk by chunk to the caller's
 * connection at the caller's pace (the workspace is not read while the caller's buffer is full), so a
 * large answer crosses in bounded memory. Runs on the event loop that both connections share.
 */
public final class StreamedAnswer {
    private final WorkspaceCall call;
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>();
    private Channel caller;
    private Runnable sent;
    private Runnable broken;
    private boolean ended;
    private boolean failed;
    private boolean done;

    StreamedAnswer(WorkspaceCall call) {
        this.call = call;
    }

    /**
     * Sends the rest of the answer to {@code caller}, whose response head was already written:
     * {@code sent} runs once the last byte is written, {@code broken} if the answer cannot be completed
     * (the caller's connection should then be closed). Must run on the connection's event loop.
     */
    public void relayTo(Channel caller, Runnable sent, Runnable broken) {
        this.caller = caller;
        this.sent = sent;
        this.broken = broken;
        if (failed) {
            finishBroken();
            return;
        }
        pump();
    }

    /** The caller's connection can take more, or cannot for now. */
    public void callerWritabilityChanged() {
        if (caller != null && !done) {
            if (caller.isWritable()) {
                call.resume();
            } else {
                call.pause();
            }
        }
    }

    /** The caller went away: the workspace's connection is closed rather than read to the end. */
    public void callerClosed() {
        release();
        call.abort();
    }

    /** Drops the answer unsent (a refusal or a retry replaced it); safe from any thread. */
    public void discard() {
        Channel upstream = call.channel();
        if (upstream.eventLoop().inEventLoop()) {
            callerClosed();
        } else {
            upstream.eventLoop().execute(this::callerClosed);
        }
    }

    void offer(HttpContent content) {
        if (done) {
            content.release();
            return;
        }
        if (content instanceof LastHttpContent) {
            ended = true;
        }
        pending.add(content);
        if (caller != null) {
            pump();
        }
    }

    /** The workspace's side failed before the end (closed, timed out). */
    void broken() {
        failed = true;
        if (caller != null) {
            finishBroken();
        }
    }

    private void pump() {
        HttpContent content;
        while ((content = pending.poll()) != null) {
            if (content instanceof LastHttpContent) {
                // trailers of the workspace's own framing are not passed on
                done = true;
                caller.writeAndFlush(new DefaultLastHttpContent(content.content())).addListener((ChannelFutureListener) written -> {
                    if (written.isSuccess()) {
                        sent.run();
                    } else {
                        broken.run();
                    }
                });
                return;
            }
            caller.write(content);
        }
        caller.flush();
        if (!ended) {
            callerWritabilityChanged();
        }
    }

    private void finishBroken() {
        if (!done) {
            done = true;
            release();
            broken.run();
        }
    }

    private void release() {
        HttpContent content;
        while ((content = pending.poll()) != null) {
            content.release();
        }
    }
}
