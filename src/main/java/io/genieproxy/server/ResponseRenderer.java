package io.genieproxy.server;

import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.upstream.BufferedResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.body.AvailableByteBody;
import io.micronaut.http.body.CloseableByteBody;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Turns a pipeline answer into the framework response: refusals as the Databricks error envelope. */
@Singleton
public class ResponseRenderer {

    public MutableHttpResponse<?> render(ProxyExchange exchange, ProxyResponse response) {
        MutableHttpResponse<?> out;
        if (response.isRejected()) {
            out = rejection(response.rejection());
        } else if (response.isBuffered()) {
            BufferedResponse buffered = response.buffered();
            MutableHttpResponse<byte[]> r = HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(buffered.status()));
            for (Map.Entry<String, String> h : buffered.headers()) {
                r.getHeaders().add(h.getKey(), h.getValue());
            }
            out = r.body(buffered.body());
        } else {
            out = streamed(exchange, response);
        }
        if (!response.isRejected() && response.isBuffered()) {
            for (Map.Entry<String, String> h : response.headers()) {
                out.getHeaders().set(h.getKey(), h.getValue());
            }
        }
        out.getHeaders().set("X-Request-Id", exchange.requestId());
        return out;
    }

    /**
     * A pass-through answer: the workspace's byte body goes out as it came in, with its Content-Length.
     * A HEAD answer has no body to send, so the (empty) upstream body is released and the upstream
     * Content-Length kept.
     */
    private static MutableHttpResponse<?> streamed(ProxyExchange exchange, ProxyResponse response) {
        CloseableByteBody body = (CloseableByteBody) response.stream();
        MutableHttpResponse<CloseableByteBody> out = HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(response.status()));
        for (Map.Entry<String, String> h : response.headers()) {
            out.getHeaders().add(h.getKey(), h.getValue());
        }
        if ("HEAD".equals(exchange.method())) {
            body.close();
            return out;
        }
        // Micronaut writes a ByteBody body as it is; a body still arriving is read on demand (see LazyStartByteBody)
        return out.body(body instanceof AvailableByteBody ? body : new LazyStartByteBody(body));
    }

    static MutableHttpResponse<byte[]> rejection(Rejection rejection) {
        MutableHttpResponse<byte[]> r = HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(rejection.status()));
        r.contentType(MediaType.APPLICATION_JSON_TYPE);
        if (rejection.retryAfterSeconds() > 0) {
            r.getHeaders().set("Retry-After", Long.toString(rejection.retryAfterSeconds()));
        }
        rejection.headers().forEach((k, v) -> r.getHeaders().set(k, v));
        return r.body(rejection.envelope().getBytes(StandardCharsets.UTF_8));
    }
}
