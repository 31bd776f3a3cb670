package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.testing.ProxyHarness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A workspace that promises a small answer and closes the connection half way: the proxy reads small
 * answers whole before it starts its own, so the caller gets a clean 502 envelope, never a 200 whose
 * body stops short.
 */
@Timeout(60)
class CutShortAnswerTest {
    private static final String TOKEN = "dapi-cut-short-token";
    private static final String SPACE_PATH = "/api/2.0/genie/spaces/" + ProxyHarness.SPACE;

    @Test
    void aSmallAnswerCutShortBecomesBadGatewayInsteadOfATruncatedOk() throws Exception {
        try (ServerSocket workspace = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(workspace), "cut-short-workspace");
            serving.setDaemon(true);
            serving.start();
            // The harness wants a simulator to own; the proxy is pointed at the workspace above instead.
            try (ProxyHarness harness = ProxyHarness.startAgainst(SimulatedWorkspace.start(ProxyHarness.fastSimulator()),
                    Map.of("genie.upstream.url", "http://127.0.0.1:" + workspace.getLocalPort(), "genie.cache.ttl", "0s"))) {
                HttpResponse<String> answer = GenieCalls.get(harness.proxyUri(), SPACE_PATH, TOKEN);
                assertEquals(502, answer.statusCode(), answer.body());
                assertEquals("BAD_GATEWAY", GenieCalls.json(answer.body()).path("error_code").asText(), answer.body());
                assertTrue(answer.headers().firstValue("X-Request-Id").isPresent());
            }
        }
    }

    /** SCIM Me gets a whole answer; a Genie call gets a head declaring 2,000 bytes, 100 of them, and a closed connection. */
    private static void serve(ServerSocket workspace) {
        while (!workspace.isClosed()) {
            try (Socket connection = workspace.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                String requestLine = in.readLine();
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // headers are not needed
                }
                OutputStream out = connection.getOutputStream();
                if (requestLine != null && requestLine.contains("/scim/v2/Me")) {
                    byte[] me = "{\"id\":\"9001\",\"userName\":\"cut@example.com\",\"active\":true}".getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + me.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(me);
                } else {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n{\"space_id\":\""
                            + "x".repeat(90)).getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
            } catch (IOException e) {
                return; // the socket was closed at the end of the test
            }
        }
    }
}
