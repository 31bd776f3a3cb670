package io.genieproxy.server;


/** Reads the request target exactly as the client sent it, before any framework decoding. */
final class RawTargets {
    private RawTargets() {
    }

    static String of(io.micronaut.http.HttpRequest<?> request) {
        Object nativeRequest = nativeRequest(request);
        if (nativeRequest instanceof io.netty.handler.codec.http.HttpRequest netty) {
            return netty.uri();
        }
        return request.getUri().toString();
    }

    private static Object nativeRequest(io.micronaut.http.HttpRequest<?> request) {
        if (request instanceof io.micronaut.http.server.netty.NettyHttpRequest<?> netty) {
            return netty.getNativeRequest();
        }
        return null;
    }
}
