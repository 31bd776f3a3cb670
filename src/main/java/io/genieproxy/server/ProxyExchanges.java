package io.genieproxy.server;

import io.genieproxy.pipeline.ProxyExchange;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Starts an exchange from a request as either server adapter received it: request id, caller address, headers. */
final class ProxyExchanges {
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private ProxyExchanges() {
    }

    /**
     * @param frameworkRequest the adapter's own request object, whose body the forwarder streams upstream
     * @param eventLoop the connection's event loop, where the exchange continues after a wait; null if none
     */
    static ProxyExchange create(String method, String rawTarget, InetSocketAddress remote, List<Map.Entry<String, String>> headers,
                                Object frameworkRequest, Executor eventLoop) {
        String incomingId = first(headers, "X-Request-Id");
        String requestId = incomingId != null && REQUEST_ID.matcher(incomingId).matches() ? incomingId : newRequestId();
        String source = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        ProxyExchange exchange = new ProxyExchange(requestId, method, rawTarget, source, first(headers, "User-Agent"), headers,
                frameworkRequest);
        if (eventLoop != null) {
            exchange.continuation(eventLoop);
        }
        return exchange;
    }

    /**
     * A random (version 4) UUID for correlation. It needs to be unique, not unguessable, so it comes
     * from the thread's fast generator rather than the shared SecureRandom behind UUID.randomUUID().
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~0xC000000000000000L | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static String first(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
