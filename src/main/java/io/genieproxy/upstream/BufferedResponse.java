package io.genieproxy.upstream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An upstream answer held in memory: used where a stage must read the body (redaction, cache,
 * audit of message details). Headers are end-to-end headers only, in order, names as received.
 */
public record BufferedResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    public BufferedResponse {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    public boolean isJson() {
        String ct = header("Content-Type");
        return ct != null && ct.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    public BufferedResponse withBody(byte[] newBody) {
        return new BufferedResponse(status, headers, newBody);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Approximate bytes held, for cache weighing. */
    public int weight() {
        int w = body.length + 64;
        for (Map.Entry<String, String> h : headers) {
            w += h.getKey().length() + h.getValue().length() + 16;
        }
        return w;
    }
}
