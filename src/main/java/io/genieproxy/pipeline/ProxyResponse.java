package io.genieproxy.pipeline;

import io.genieproxy.upstream.BufferedResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the pipeline answers: a refusal, a buffered body (when a stage had to read it), or a
 * streamed body handed through untouched ({@code stream} is the framework's body object).
 */
public final class ProxyResponse {
    private final Rejection rejection;
    private final BufferedResponse buffered;
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final Object stream;
    private final Runnable discard;

    private ProxyResponse(Rejection rejection, BufferedResponse buffered, int status, List<Map.Entry<String, String>> headers,
                          Object stream, Runnable discard) {
        this.rejection = rejection;
        this.buffered = buffered;
        this.status = status;
        this.headers = headers;
        this.stream = stream;
        this.discard = discard;
    }

    public static ProxyResponse rejected(Rejection rejection) {
        return new ProxyResponse(rejection, null, rejection.status(), new ArrayList<>(), null, null);
    }

    public static ProxyResponse buffered(BufferedResponse response) {
        return new ProxyResponse(null, response, response.status(), new ArrayList<>(), null, null);
    }

    /** @param discard releases the stream when the response will not be sent (a retry, a refusal) */
    public static ProxyResponse streamed(int status, List<Map.Entry<String, String>> headers, Object stream, Runnable discard) {
        return new ProxyResponse(null, null, status, new ArrayList<>(headers), stream, discard);
    }

    /** Releases a streamed body that will not be sent; nothing to do for other responses. */
    public void discard() {
        if (discard != null) {
            discard.run();
        }
    }

    public boolean isRejected() {
        return rejection != null;
    }

    public boolean isBuffered() {
        return buffered != null;
    }

    public Rejection rejection() {
        return rejection;
    }

    public BufferedResponse buffered() {
        return buffered;
    }

    public int status() {
        return status;
    }

    /** Headers of a streamed response, or the extra headers stages added to any response. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /**
     * The first value of a header of this answer: the workspace's own (buffered or streamed), then those stages
     * added; null when there is none or the answer is a refusal.
     */
    public String header(String name) {
        if (buffered != null) {
            String value = buffered.header(name);
            if (value != null) {
                return value;
            }
        }
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    public Object stream() {
        return stream;
    }

    /** Adds a response header (for example {@code X-Cache}); returns this. */
    public ProxyResponse withHeader(String name, String value) {
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        headers.add(Map.entry(name, value));
        return this;
    }

    /** A copy whose buffered body is replaced, keeping the extra headers. */
    public ProxyResponse withBuffered(BufferedResponse replacement) {
        return new ProxyResponse(null, replacement, replacement.status(), new ArrayList<>(headers), null, null);
    }
}
