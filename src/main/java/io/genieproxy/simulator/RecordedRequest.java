package io.genieproxy.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as it reached the simulated workspace: the method, the raw target exactly as sent
 * (path and query, not decoded), the headers (names case-insensitive) and the body bytes.
 */
public record RecordedRequest(String method, String rawTarget, Map<String, List<String>> headers, byte[] body) {
    public RecordedRequest {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The path part of the raw target. */
    public String rawPath() {
        int q = rawTarget.indexOf('?');
        return q < 0 ? rawTarget : rawTarget.substring(0, q);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + rawPath() + ", " + body.length + " body bytes]";
    }
}
