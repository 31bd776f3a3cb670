package io.genieproxy.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lettuce clients the way the proxy should configure them (commands rejected rather than buffered
 * while disconnected, quick reconnects), and a private redis-server process for outage tests.
 */
final class RedisConnections implements AutoCloseable {
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<ClientResources> resources = new ArrayList<>();

    /** A new client (like another replica) connected to {@code port}, or empty when nothing answers there. */
    Optional<StatefulRedisConnection<String, String>> connect(int port) {
        ClientResources res = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
        RedisClient client = RedisClient.create(res, RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withTimeout(Duration.ofSeconds(2)).build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .build());
        resources.add(res);
        clients.add(client);
        try {
            return Optional.of(client.connect());
        } catch (RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        clients.forEach(RedisClient::shutdown);
        resources.forEach(ClientResources::shutdown);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts a throw-away redis-server on {@code port} (no persistence) and waits until it accepts connections. */
    static Process startRedisServer(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }
}
