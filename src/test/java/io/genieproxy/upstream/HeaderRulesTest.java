package io.genieproxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderRulesTest {

    @Test
    void dropsHopByHopRoutingAndCredentialHeadersBeforeForwarding() {
        List<Map.Entry<String, String>> in = List.of(
                Map.entry("Connection", "keep-alive, X-Secret-Hop"), Map.entry("X-Secret-Hop", "1"), Map.entry("Keep-Alive", "5"),
                Map.entry("TE", "trailers"), Map.entry("Upgrade", "h2c"), Map.entry("Proxy-Authorization", "Basic x"),
                Map.entry("Host", "evil"), Map.entry("X-Forwarded-Host", "evil"), Map.entry("X-Original-URL", "/admin"),
                Map.entry("X-Rewrite-URL", "/admin"), Map.entry("X-HTTP-Method-Override", "DELETE"), Map.entry("Forwarded", "host=evil"),
                Map.entry("Authorization", "Bearer t"), Map.entry("Expect", "100-continue"), Map.entry("Content-Length", "3"),
                Map.entry("Accept", "application/json"), Map.entry("traceparent", "00-abc-def-01"), Map.entry("Accept-Encoding", "gzip"));
        List<String> kept = HeaderRules.forwardableRequestHeaders(in, false).stream().map(Map.Entry::getKey).toList();
        assertEquals(List.of("Accept", "Accept-Encoding"), kept, "trace context is re-injected by the client's tracing, never copied twice");
    }

    @Test
    void asksForAnIdentityBodyWhenAStageMustReadIt() {
        List<String> kept = HeaderRules.forwardableRequestHeaders(List.of(Map.entry("Accept-Encoding", "gzip")), true)
                .stream().map(Map.Entry::getKey).toList();
        assertEquals(List.of(), kept);
    }

    @Test
    void keepsContentLengthOnlyForAnUnchangedBody() {
        List<Map.Entry<String, String>> in = List.of(Map.entry("Content-Length", "10"), Map.entry("Transfer-Encoding", "chunked"),
                Map.entry("Content-Type", "application/json"));
        assertEquals(List.of("Content-Length", "Content-Type"),
                HeaderRules.forwardableResponseHeaders(in, true).stream().map(Map.Entry::getKey).toList());
        assertEquals(List.of("Content-Type"),
                HeaderRules.forwardableResponseHeaders(in, false).stream().map(Map.Entry::getKey).toList());
    }
}
