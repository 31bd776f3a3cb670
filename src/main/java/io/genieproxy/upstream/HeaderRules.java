package io.genieproxy.upstream;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1, plus any named in
 * {@code Connection}) never do; neither do headers that could steer routing upstream (Host,
 * forwarding and URL-override headers) nor the caller's credential, which the token stage replaces.
 */
public final class HeaderRules {
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "http2-settings");

    private static final Set<String> NEVER_FORWARDED = Set.of(
            "host", "expect", "content-length", "authorization", "forwarded",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix",
            "x-forwarded-server", "x-original-url", "x-original-uri", "x-rewrite-url", "x-original-host", "x-host",
            "x-http-method-override", "x-http-method", "x-method-override", "x-real-ip", "x-proxyuser-ip",
            "x-envoy-original-path", "x-http-destinationurl", "x-request-id", "cookie",
            // W3C trace context and baggage: the proxy's client span re-injects them (as a child of the
            // caller's span), so passing the caller's copies on would send each twice
            "traceparent", "tracestate", "baggage");

    private HeaderRules() {
    }

    /** The request headers to send upstream, in order, without hop-by-hop and routing headers. */
    public static List<Map.Entry<String, String>> forwardableRequestHeaders(List<Map.Entry<String, String>> headers, boolean identityEncoding) {
        Set<String> connectionNamed = connectionTokens(headers);
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || NEVER_FORWARDED.contains(name) || connectionNamed.contains(name)) {
                continue;
            }
            if (identityEncoding && name.equals("accept-encoding")) {
                continue;
            }
            out.add(h);
        }
        return out;
    }

    /**
     * The response headers to send back to the caller, without hop-by-hop headers; Content-Length is
     * kept only for a body passed through unchanged.
     */
    public static List<Map.Entry<String, String>> forwardableResponseHeaders(List<Map.Entry<String, String>> headers, boolean bodyUnchanged) {
        Set<String> connectionNamed = connectionTokens(headers);
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || connectionNamed.contains(name) || (!bodyUnchanged && name.equals("content-length"))) {
                continue;
            }
            out.add(h);
        }
        return out;
    }

    private static Set<String> connectionTokens(List<Map.Entry<String, String>> headers) {
        Set<String> named = new HashSet<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("connection")) {
                for (String token : h.getValue().split(",")) {
                    named.add(token.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return named;
    }
}
