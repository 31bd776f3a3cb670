package io.genieproxy.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes exact bytes to the proxy over a plain socket and reads what comes back, always bounded in time. */
final class RawHttp {
    static final int READ_TIMEOUT_MILLIS = 5000;

    /** One parsed response. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Everything the server sent until it closed the connection or went quiet. */
    record Conversation(List<Response> responses, boolean closedByServer, String raw) {
        Response first() {
            if (responses.isEmpty()) {
                throw new AssertionError("no response at all; raw: " + raw);
            }
            return responses.get(0);
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends the bytes, then reads until the server closes, stays silent for {@code quietMillis}, or
     * (when {@code responses} is positive) has sent that many complete responses.
     */
    Conversation exchange(byte[] request, int quietMillis, int responses) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(quietMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException closedEarly) {
                // the server may refuse and close before it read everything we meant to send
            }
            return readAll(socket.getInputStream(), responses);
        }
    }

    /** Sends the bytes and reads until the server closes (up to the read timeout). */
    Conversation exchange(String request) throws IOException {
        return exchange(bytes(request), READ_TIMEOUT_MILLIS, 0);
    }

    /** Sends the bytes and returns once {@code responses} complete responses arrived (or the server closed). */
    Conversation exchangeFor(String request, int responses) throws IOException {
        return exchange(bytes(request), READ_TIMEOUT_MILLIS, responses);
    }

    static Conversation readAll(InputStream in) throws IOException {
        return readAll(in, 0);
    }

    static Conversation readAll(InputStream in, int responses) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean closed = false;
        long deadline = System.currentTimeMillis() + 3L * READ_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException quiet) {
                break;
            } catch (IOException reset) {
                closed = true;
                break;
            }
            if (n < 0) {
                closed = true;
                break;
            }
            raw.write(buffer, 0, n);
            if (responses > 0 && parse(raw.toString(StandardCharsets.ISO_8859_1)).size() >= responses) {
                break;
            }
        }
        String text = raw.toString(StandardCharsets.ISO_8859_1);
        return new Conversation(parse(text), closed, text);
    }

    static List<Response> parse(String text) {
        List<Response> responses = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0 || !text.startsWith("HTTP/1.", at)) {
                break;
            }
            String[] lines = text.substring(at, headEnd).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            int bodyStart = headEnd + 4;
            String body;
            if (headers.containsKey("content-length")) {
                int end = bodyStart + Integer.parseInt(headers.get("content-length"));
                if (end > text.length()) {
                    break;
                }
                body = text.substring(bodyStart, end);
                at = end;
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                if (!text.substring(bodyStart).contains("0\r\n\r\n")) {
                    break;
                }
                StringBuilder b = new StringBuilder();
                int p = bodyStart;
                while (true) {
                    int lineEnd = text.indexOf("\r\n", p);
                    if (lineEnd < 0) {
                        break;
                    }
                    int size = Integer.parseInt(text.substring(p, lineEnd).split(";")[0].trim(), 16);
                    p = lineEnd + 2;
                    if (size == 0) {
                        p = Math.min(text.length(), p + 2);
                        break;
                    }
                    b.append(text, p, Math.min(text.length(), p + size));
                    p += size + 2;
                }
                body = b.toString();
                at = Math.min(p, text.length());
            } else if (status / 100 == 1 || status == 204 || status == 304) {
                body = "";
                at = bodyStart;
            } else {
                body = text.substring(bodyStart);
                at = text.length();
            }
            responses.add(new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
        }
        return responses;
    }
}
