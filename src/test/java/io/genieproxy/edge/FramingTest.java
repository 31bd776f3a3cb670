package io.genieproxy.edge;

import static io.genieproxy.edge.EdgeAssertions.assertRefusedAndClosed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Raw-socket proof that every ambiguous or oversized framing is refused at the edge and never forwarded. */
class FramingTest {
    private static final String START = "POST /api/2.0/genie/spaces/s1/start-conversation HTTP/1.1\r\n";

    private final EdgeProxy proxy = EdgeProxy.shared();

    @AfterAll
    static void upstreamOnlyEverSawGenie() {
        EdgeProxy.shared().assertUpstreamOnlySawGenie();
    }

    private static String probe() {
        return UUID.randomUUID().toString();
    }

    private static String head(String probe, String framing) {
        return START + "Host: proxy.test\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + probe + "\r\nContent-Type: application/json\r\n" + framing;
    }

    private void assertRefusedUnforwarded(String request, String probe, int status, String errorCode) throws IOException {
        RawHttp.Conversation conversation = proxy.http.exchange(request);
        assertRefusedAndClosed(conversation, status, errorCode);
        assertEquals(List.of(), proxy.upstream.probed(probe), "a refused request reached the upstream");
    }

    @Test
    void refusesContentLengthFollowedByTransferEncodingAndClosesTheConnection() throws IOException {
        String p = probe();
        assertRefusedUnforwarded(head(p, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), p, 400, "BAD_REQUEST");
    }

    @Test
    void refusesTransferEncodingFollowedByContentLengthAndClosesTheConnection() throws IOException {
        String p = probe();
        assertRefusedUnforwarded(head(p, "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"), p, 400, "BAD_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Transfer-Encoding: xchunked\r\n",
            "Transfer-Encoding: chunkedx\r\n",
            "Transfer-Encoding: chunked, identity\r\n",
            "Transfer-Encoding: identity\r\n",
            "Transfer-Encoding: gzip, chunked\r\n",
            "Transfer-Encoding: chunked;q=1\r\n",
            "Transfer-Encoding: \"chunked\"\r\n",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
            "Transfer-Encoding:\r\n",
            "Transfer-Encoding : chunked\r\n",
            "Transfer-Encoding\t: chunked\r\n",
            "Transfer-Encoding: chunked\u0000\r\n",
            "Transfer-Encoding: \u000bchunked\r\n",
            "Transfer_Encoding: chunked\r\n",
            "Content_Length: 14\r\n",
    })
    void refusesEveryTransferEncodingOtherThanOneChunkedAndClosesTheConnection(String framing) throws IOException {
        String p = probe();
        assertRefusedUnforwarded(head(p, framing + "\r\n5\r\nhello\r\n0\r\n\r\n"), p, 400, "BAD_REQUEST");
    }

    @Test
    void refusesTransferEncodingOnHttp10AndClosesTheConnection() throws IOException {
        String p = probe();
        String request = "POST /api/2.0/genie/spaces/s1/start-conversation HTTP/1.0\r\nHost: proxy.test\r\nX-Probe: " + p
                + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        assertRefusedUnforwarded(request, p, 400, "BAD_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Content-Length: 5\r\nContent-Length: 5\r\n",
            "Content-Length: 5\r\nContent-Length: 6\r\n",
            "Content-Length: 5, 5\r\n",
            "Content-Length: +5\r\n",
            "Content-Length: -5\r\n",
            "Content-Length: 5a\r\n",
            "Content-Length: 0x5\r\n",
            "Content-Length: 5 5\r\n",
            "Content-Length: 99999999999999999999999\r\n",
            "Content-Length : 5\r\n",
    })
    void refusesAmbiguousContentLengthAndClosesTheConnection(String framing) throws IOException {
        String p = probe();
        assertRefusedUnforwarded(head(p, framing + "\r\nhello"), p, 400, "BAD_REQUEST");
    }

    @Test
    void acceptsUppercaseChunkedAndForwardsTheDechunkedBodyOnce() throws IOException {
        String p = probe();
        RawHttp.Conversation conversation = proxy.http.exchangeFor(
                head(p, "Transfer-Encoding: CHUNKED\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 1);
        assertEquals(200, conversation.first().status(), conversation.raw());
        List<RecordingUpstream.Received> seen = proxy.upstream.probed(p);
        assertEquals(1, seen.size());
        assertEquals("hello", seen.get(0).bodyText());
    }

    @Test
    void acceptsChunkedAfterATabAsOptionalWhitespace() throws IOException {
        String p = probe();
        RawHttp.Conversation conversation = proxy.http.exchangeFor(
                head(p, "Transfer-Encoding:\tchunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 1);
        assertEquals(200, conversation.first().status(), conversation.raw());
        assertEquals("hello", proxy.upstream.probed(p).get(0).bodyText());
    }

    @Test
    void acceptsChunkExtensionsAndForwardsOnlyTheData() throws IOException {
        String p = probe();
        RawHttp.Conversation conversation = proxy.http.exchangeFor(
                head(p, "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5;name=value\r\nhello\r\n1;x\r\n!\r\n0\r\n\r\n"), 1);
        assertEquals(200, conversation.first().status(), conversation.raw());
        assertEquals("hello!", proxy.upstream.probed(p).get(0).bodyText());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "fffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
            "-5\r\nhello\r\n0\r\n\r\n",
            "0x5\r\nhello\r\n0\r\n\r\n",
            "5\nhello\r\n0\r\n\r\n",
            "5;ext\nhello\r\n0\r\n\r\n",
            "zz\r\nhello\r\n0\r\n\r\n",
    })
    void refusesMalformedChunkSizesAndNeverCompletesTheBodyUpstream(String body) throws IOException {
        String p = probe();
        RawHttp.Conversation conversation = proxy.http.exchange(head(p, "Transfer-Encoding: chunked\r\n\r\n" + body));
        assertTrue(conversation.closedByServer(), "connection left open after a malformed chunk");
        if (!conversation.responses().isEmpty()) {
            assertTrue(conversation.first().status() >= 400, conversation.raw());
        }
        for (RecordingUpstream.Received r : proxy.upstream.probed(p)) {
            assertFalse(r.bodyComplete() && r.bodyText().equals("hello"), "upstream received a complete body from a malformed chunk stream");
        }
    }

    @Test
    void refusesBareLineFeedLineEndingsAndClosesTheConnection() throws IOException {
        String p = probe();
        String request = "POST /api/2.0/genie/spaces/s1/start-conversation HTTP/1.1\nHost: proxy.test\nX-Probe: " + p
                + "\nContent-Length: 5\n\nhello";
        assertRefusedUnforwarded(request, p, 400, "BAD_REQUEST");
    }

    @Test
    void refusesABareCarriageReturnInsideTheHeaderSection() throws IOException {
        String p = probe();
        assertRefusedUnforwarded(head(p, "X-Note: a\rX-Other: b\r\nContent-Length: 5\r\n\r\nhello"), p, 400, "BAD_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "X-Note: a\u0000b\r\n",
            "X-Note: \u0001\r\n",
            "X-Note: a\u007fb\r\n",
            "X Note: value\r\n",
            "X(Note): value\r\n",
            "X-N\u00f6te: value\r\n",
            ": value\r\n",
            "X-Note\r\n",
            "X-Note: a\r\n folded\r\n",
            "X-Note: a\r\n\tfolded\r\n",
    })
    void refusesIllegalHeaderNamesControlBytesAndObsoleteLineFolding(String field) throws IOException {
        String p = probe();
        assertRefusedUnforwarded(head(p, field + "Content-Length: 5\r\n\r\nhello"), p, 400, "BAD_REQUEST");
    }

    @Test
    void refusesARequestWithTwoHostHeaders() throws IOException {
        String p = probe();
        assertRefusedUnforwarded(head(p, "Host: evil.example\r\nContent-Length: 5\r\n\r\nhello"), p, 400, "BAD_REQUEST");
    }

    @Test
    void refusesAnHttp11RequestWithoutHost() throws IOException {
        String p = probe();
        assertRefusedUnforwarded(START + "X-Probe: " + p + "\r\nContent-Length: 5\r\n\r\nhello", p, 400, "BAD_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/1.1 extra", "HTTP/1.10", "HTTP/1.1x", "HTTP/1.1\t"})
    void refusesUnknownProtocolVersions(String version) throws IOException {
        String p = probe();
        String request = "GET /api/2.0/genie/spaces " + version + "\r\nHost: proxy.test\r\nX-Probe: " + p + "\r\n\r\n";
        RawHttp.Conversation conversation = proxy.http.exchange(request);
        assertTrue(conversation.closedByServer(), conversation.raw());
        assertEquals(List.of(), proxy.upstream.probed(p));
        if (!conversation.responses().isEmpty()) {
            EdgeAssertions.assertEnvelope(conversation.first(), 400, "BAD_REQUEST");
        }
    }

    @Test
    void answersAnOversizedHeaderSectionWith431AndClosesTheConnection() throws IOException {
        String p = probe();
        String big = "X-Padding: " + "a".repeat(EdgeProxy.MAX_HEADER_BYTES) + "\r\n";
        assertRefusedUnforwarded(head(p, big + "Content-Length: 5\r\n\r\nhello"), p, 431, "REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void answersManySmallHeadersOverTheLimitWith431() throws IOException {
        String p = probe();
        StringBuilder fields = new StringBuilder();
        for (int i = 0; fields.length() <= 2 * EdgeProxy.MAX_HEADER_BYTES; i++) {
            fields.append("X-Field-").append(i).append(": ").append("v".repeat(40)).append("\r\n");
        }
        assertRefusedUnforwarded(head(p, fields + "Content-Length: 5\r\n\r\nhello"), p, 431, "REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void answersAnOversizedRequestLineWith414AndClosesTheConnection() throws IOException {
        String request = "GET /api/2.0/genie/spaces?q=" + "a".repeat(9000) + " HTTP/1.1\r\nHost: proxy.test\r\n\r\n";
        assertRefusedAndClosed(proxy.http.exchange(request), 414, "REQUEST_LIMIT_EXCEEDED");
        assertTrue(proxy.upstream.received().stream().noneMatch(r -> r.rawTarget().length() > 9000));
    }

    @Test
    void refusesADeclaredBodyOverTheLimitBeforeReadingIt() throws IOException {
        String p = probe();
        String request = head(p, "Content-Length: " + (EdgeProxy.MAX_BODY_BYTES + 1) + "\r\n\r\n") + "x".repeat(1000);
        assertRefusedUnforwarded(request, p, 413, "REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void refusesADeclaredBodyOverTheLimitWithoutSending100Continue() throws IOException {
        String p = probe();
        String request = head(p, "Expect: 100-continue\r\nContent-Length: " + (10L * EdgeProxy.MAX_BODY_BYTES) + "\r\n\r\n");
        RawHttp.Conversation conversation = proxy.http.exchange(request);
        assertRefusedAndClosed(conversation, 413, "REQUEST_LIMIT_EXCEEDED");
        assertEquals(List.of(), proxy.upstream.probed(p));
    }

    @Test
    void answersAChunkedBodyThatGrowsPastTheLimitWith413AndNeverCompletesItUpstream() throws IOException {
        String p = probe();
        byte[] chunk = "y".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        RawHttp.Conversation conversation;
        try (Socket socket = new Socket("127.0.0.1", proxy.server.getPort())) {
            socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.bytes(head(p, "Transfer-Encoding: chunked\r\n\r\n")));
            try {
                for (int sent = 0; sent <= 2 * EdgeProxy.MAX_BODY_BYTES; sent += chunk.length) {
                    out.write(RawHttp.bytes(Integer.toHexString(chunk.length) + "\r\n"));
                    out.write(chunk);
                    out.write(RawHttp.bytes("\r\n"));
                }
                out.write(RawHttp.bytes("0\r\n\r\n"));
                out.flush();
            } catch (IOException refusedMidway) {
                // the proxy may stop reading once the limit is passed
            }
            conversation = RawHttp.readAll(socket.getInputStream());
        }
        EdgeAssertions.assertEnvelope(conversation.first(), 413, "REQUEST_LIMIT_EXCEEDED");
        for (RecordingUpstream.Received r : proxy.upstream.probed(p)) {
            assertTrue(r.body().length <= EdgeProxy.MAX_BODY_BYTES, "upstream received " + r.body().length + " bytes");
            assertFalse(r.bodyComplete() && r.body().length > 0 && r.body().length >= EdgeProxy.MAX_BODY_BYTES,
                    "upstream received a complete oversized body");
        }
    }

    @Test
    void forwardsABodyExactlyAtTheLimit() throws IOException {
        String p = probe();
        String body = "z".repeat(EdgeProxy.MAX_BODY_BYTES);
        RawHttp.Conversation conversation = proxy.http.exchangeFor(
                head(p, "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n") + body, 1);
        assertEquals(200, conversation.first().status(), conversation.first().body());
        assertEquals(EdgeProxy.MAX_BODY_BYTES, proxy.upstream.probed(p).get(0).body().length);
    }

    @Test
    void forwardsARequestSmuggledInsideAContentLengthBodyOnlyAsBodyBytes() throws IOException {
        String p = probe();
        String smuggled = "GET /api/2.0/clusters/list HTTP/1.1\r\nHost: proxy.test\r\nX-Probe: " + p + "-smuggled\r\n\r\n";
        RawHttp.Conversation conversation = proxy.http.exchangeFor(
                head(p, "Content-Length: " + smuggled.length() + "\r\nConnection: close\r\n\r\n") + smuggled, 1);
        assertEquals(1, conversation.responses().size(), conversation.raw());
        assertEquals(200, conversation.first().status());
        List<RecordingUpstream.Received> seen = proxy.upstream.probed(p);
        assertEquals(1, seen.size());
        assertArrayEquals(smuggled.getBytes(StandardCharsets.US_ASCII), seen.get(0).body());
        assertEquals(List.of(), proxy.upstream.probed(p + "-smuggled"));
    }

    @Test
    void refusesAnObfuscatedTransferEncodingCarryingASmuggledRequestAndForwardsNeither() throws IOException {
        String p = probe();
        String smuggled = "GET /api/2.0/genie/spaces HTTP/1.1\r\nHost: proxy.test\r\nX-Probe: " + p + "-smuggled\r\n\r\n";
        RawHttp.Conversation conversation = proxy.http.exchange(head(p, "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + smuggled));
        assertRefusedAndClosed(conversation, 400, "BAD_REQUEST");
        assertEquals(List.of(), proxy.upstream.probed(p));
        assertEquals(List.of(), proxy.upstream.probed(p + "-smuggled"));
    }

    @Test
    void refusesAChunkedBodyWithContentLengthCarryingASmuggledRequestAndForwardsNeither() throws IOException {
        String p = probe();
        String smuggled = "GET /api/2.0/genie/spaces HTTP/1.1\r\nHost: proxy.test\r\nX-Probe: " + p + "-smuggled\r\n\r\n";
        String body = "0\r\n\r\n" + smuggled;
        RawHttp.Conversation conversation = proxy.http.exchange(
                head(p, "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
        assertRefusedAndClosed(conversation, 400, "BAD_REQUEST");
        assertEquals(List.of(), proxy.upstream.probed(p + "-smuggled"));
    }

    @Test
    void answersPipelinedRequestsInOrderAndForwardsEachOnce() throws IOException {
        String p = probe();
        String one = "GET /api/2.0/genie/spaces HTTP/1.1\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + p + "\r\n\r\n";
        String two = "GET /api/2.0/genie/spaces/s2 HTTP/1.1\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + p + "\r\n\r\n";
        RawHttp.Conversation conversation = proxy.http.exchangeFor(one + two, 2);
        assertEquals(2, conversation.responses().size(), conversation.raw());
        // Each is forwarded exactly once; the two may reach the workspace in either order (separate
        // pooled connections), only the answers to the caller must keep the request order.
        assertEquals(List.of("/api/2.0/genie/spaces", "/api/2.0/genie/spaces/s2"),
                proxy.upstream.probed(p).stream().map(RecordingUpstream.Received::rawTarget).sorted().toList());
    }

    @Test
    void refusesARequestPipelinedAfterAValidOneWhenItsFramingIsAmbiguous() throws IOException {
        String p = probe();
        String one = "GET /api/2.0/genie/spaces HTTP/1.1\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + p + "\r\n\r\n";
        String two = head(p + "-second", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        RawHttp.Conversation conversation = proxy.http.exchange(one + two);
        assertTrue(conversation.closedByServer());
        assertTrue(conversation.responses().stream().anyMatch(r -> r.status() == 400), conversation.raw());
        assertEquals(List.of(), proxy.upstream.probed(p + "-second"));
    }

    @Test
    void continuesAnExpect100ContinueRequestWithoutStalling() throws IOException {
        String p = probe();
        try (Socket socket = new Socket("127.0.0.1", proxy.server.getPort())) {
            socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long started = System.nanoTime();
            out.write(RawHttp.bytes(head(p, "Expect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n")));
            out.flush();
            String interim = readUntil(in, "\r\n\r\n");
            assertTrue(interim.startsWith("HTTP/1.1 100"), "expected 100 Continue, got: " + interim);
            out.write(RawHttp.bytes("hello"));
            out.flush();
            RawHttp.Conversation rest = RawHttp.readAll(in, 1);
            assertEquals(200, rest.first().status(), rest.raw());
            assertTrue(System.nanoTime() - started < 4_000_000_000L, "100-continue stalled");
        }
        List<RecordingUpstream.Received> seen = proxy.upstream.probed(p);
        assertEquals("hello", seen.get(0).bodyText());
        assertEquals(List.of(), seen.get(0).headers("expect"));
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }
}
