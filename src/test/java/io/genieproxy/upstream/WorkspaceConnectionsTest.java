package io.genieproxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.pipeline.StageFailure;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-event-loop pool over real sockets: the cap on open connections, waiting for one, and the refusal when none frees up. */
class WorkspaceConnectionsTest {
    private ServerSocket workspace;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private NioEventLoopGroup loops;
    private EventLoop loop;

    @BeforeEach
    void start() throws IOException {
        workspace = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(workspace.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "test-workspace-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        loops = new NioEventLoopGroup(1);
        loop = loops.next();
    }

    @AfterEach
    void stop() throws IOException {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workspace.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    private WorkspaceConnections connections(int maxPerLoop, Duration connectTimeout) {
        return new WorkspaceConnections(URI.create("http://127.0.0.1:" + workspace.getLocalPort()), connectTimeout, maxPerLoop, null);
    }

    private CompletableFuture<Channel> acquire(WorkspaceConnections connections) throws Exception {
        CompletableFuture<Channel> lent = new CompletableFuture<>();
        loop.submit(() -> connections.acquire(loop, lent::complete, lent::completeExceptionally)).get(5, TimeUnit.SECONDS);
        return lent;
    }

    private void release(WorkspaceConnections connections, Channel channel) throws Exception {
        loop.submit(() -> connections.release(channel, true)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aCallBeyondTheCapWaitsForAConnectionToComeBackAndReusesIt() throws Exception {
        WorkspaceConnections connections = connections(2, Duration.ofSeconds(5));
        Channel first = acquire(connections).get(5, TimeUnit.SECONDS);
        Channel second = acquire(connections).get(5, TimeUnit.SECONDS);
        CompletableFuture<Channel> third = acquire(connections);
        Thread.sleep(200);
        assertFalse(third.isDone(), "a third connection was lent past the cap of two");
        release(connections, first);
        assertSame(first, third.get(5, TimeUnit.SECONDS));
        assertNotSame(first, second);
        assertEquals(2, accepted.size(), "the workspace saw more connections than the cap");
    }

    @Test
    void aConnectionThatClosesLetsAWaitingCallOpenANewOne() throws Exception {
        WorkspaceConnections connections = connections(1, Duration.ofSeconds(5));
        Channel first = acquire(connections).get(5, TimeUnit.SECONDS);
        CompletableFuture<Channel> second = acquire(connections);
        first.close().sync();
        Channel replacement = second.get(5, TimeUnit.SECONDS);
        assertNotSame(first, replacement);
        assertTrue(replacement.isActive());
    }

    @Test
    void aCallThatGetsNoConnectionWithinTheConnectTimeoutIsRefusedAsUnavailable() throws Exception {
        WorkspaceConnections connections = connections(1, Duration.ofMillis(300));
        acquire(connections).get(5, TimeUnit.SECONDS);
        CompletableFuture<Channel> waiting = acquire(connections);
        Throwable refusal = waiting.handle((channel, error) -> error).get(5, TimeUnit.SECONDS);
        assertTrue(refusal instanceof StageFailure, String.valueOf(refusal));
        assertEquals(503, ((StageFailure) refusal).rejection().status());
    }

    @Test
    void anIdleConnectionClosedByTheWorkspaceIsNotLentAgain() throws Exception {
        WorkspaceConnections connections = connections(2, Duration.ofSeconds(5));
        Channel first = acquire(connections).get(5, TimeUnit.SECONDS);
        release(connections, first);
        for (Socket socket : accepted) {
            socket.close(); // the workspace drops its idle keep-alive connection
        }
        assertTrue(first.closeFuture().await(5, TimeUnit.SECONDS), "the idle connection did not notice the close");
        Channel next = acquire(connections).get(5, TimeUnit.SECONDS);
        assertNotSame(first, next);
        assertTrue(next.isActive());
    }
}
