package io.genieproxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.genieproxy.pipeline.ProxyResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's own connections to an https workspace, over real TLS: a certificate the proxy trusts for the
 * address it dials is accepted, one issued for another name is refused before any request is sent.
 * Certificates come from the JDK's keytool at test time.
 */
class WorkspaceTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private Path dir;
    private HttpsServer workspace;
    private final AtomicInteger requests = new AtomicInteger();
    private NioEventLoopGroup loops;
    private EventLoop loop;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory("workspace-tls");
        loops = new NioEventLoopGroup(1);
        loop = loops.next();
    }

    @AfterEach
    void stop() {
        if (workspace != null) {
            workspace.stop(0);
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A self-signed certificate with the given subject alternative name, in a new PKCS12 key store. */
    private KeyStore keyStore(String name, String san) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "workspace", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file.toFile())) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private void serve(KeyStore identity) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        workspace = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        workspace.setHttpsConfigurator(new HttpsConfigurator(tls));
        workspace.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"spaces\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        workspace.start();
    }

    private static TrustManagerFactory trusting(KeyStore identity) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("workspace", identity.getCertificate("workspace"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        return trust;
    }

    /** One GET through a pooled connection; completes with the answer or the failure. */
    private CompletableFuture<ProxyResponse> get(WorkspaceConnections connections) {
        CompletableFuture<ProxyResponse> result = new CompletableFuture<>();
        loop.execute(() -> connections.acquire(loop, (Channel channel) -> {
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/2.0/genie/spaces",
                    Unpooled.EMPTY_BUFFER);
            request.headers().set("Host", "127.0.0.1:" + workspace.getAddress().getPort());
            new WorkspaceCall(connections, channel, true, false, 1 << 20, TimeUnit.SECONDS.toNanos(5), new WorkspaceCall.Outcome() {
                @Override
                public void answered(int status) {
                }

                @Override
                public void ready(ProxyResponse response) {
                    result.complete(response);
                }

                @Override
                public void failed(Throwable error) {
                    result.completeExceptionally(error);
                }
            }).start(request);
        }, result::completeExceptionally));
        return result;
    }

    private URI origin() {
        return URI.create("https://127.0.0.1:" + workspace.getAddress().getPort());
    }

    @Test
    void talksToAWorkspaceWhoseCertificateIsTrustedForTheAddressItDials() throws Exception {
        KeyStore identity = keyStore("workspace.test", "ip:127.0.0.1");
        serve(identity);
        WorkspaceConnections connections = new WorkspaceConnections(origin(), Duration.ofSeconds(5), 4, trusting(identity));
        ProxyResponse first = get(connections).get(10, TimeUnit.SECONDS);
        assertEquals(200, first.status());
        assertEquals("{\"spaces\":[]}", new String(first.buffered().body(), StandardCharsets.UTF_8));
        ProxyResponse second = get(connections).get(10, TimeUnit.SECONDS); // on the pooled TLS connection
        assertEquals(200, second.status());
        assertEquals(2, requests.get());
    }

    @Test
    void refusesACertificateIssuedForAnotherNameBeforeSendingAnything() throws Exception {
        KeyStore identity = keyStore("elsewhere.test", "dns:elsewhere.test");
        serve(identity);
        WorkspaceConnections connections = new WorkspaceConnections(origin(), Duration.ofSeconds(5), 4, trusting(identity));
        Throwable failure = get(connections).handle((response, error) -> error).get(10, TimeUnit.SECONDS);
        boolean tls = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            tls |= t instanceof SSLException;
        }
        assertTrue(tls, "expected a TLS failure, got " + failure);
        assertEquals(0, requests.get(), "a request reached a workspace whose certificate names another host");
    }

    @Test
    void refusesACertificateNobodyTrusts() throws Exception {
        KeyStore identity = keyStore("workspace.test", "ip:127.0.0.1");
        serve(identity);
        WorkspaceConnections connections = new WorkspaceConnections(origin(), Duration.ofSeconds(5), 4, null);
        Throwable failure = get(connections).handle((response, error) -> error).get(10, TimeUnit.SECONDS);
        assertTrue(failure != null, "an untrusted certificate was accepted");
        assertEquals(0, requests.get());
    }
}
