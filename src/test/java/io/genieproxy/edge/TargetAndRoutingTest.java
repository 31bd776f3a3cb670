package io.genieproxy.edge;

import static io.genieproxy.edge.EdgeAssertions.assertEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Raw-socket proof that only Genie paths leave the proxy, in their one canonical form, to the configured host. */
class TargetAndRoutingTest {
    private final EdgeProxy proxy = EdgeProxy.shared();

    @AfterAll
    static void upstreamOnlyEverSawGenie() {
        EdgeProxy.shared().assertUpstreamOnlySawGenie();
    }

    private RawHttp.Response get(String target, String probe, String extraHeaders) throws IOException {
        String request = "GET " + target + " HTTP/1.1\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + probe + "\r\n" + extraHeaders + "\r\n";
        return proxy.http.exchangeFor(request, 1).first();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/2.0/genie/../../admin",
            "/api/2.0/genie/spaces/../../clusters/list",
            "/api/2.0/genie/./spaces",
            "/api/2.0/genie/spaces/.",
            "/api/2.0/genie/spaces/s1../conversations",
            "/api/2.0/genie/spaces/...",
            "/api/2.0/genie/%2e%2e/%2e%2e/admin",
            "/api/2.0/genie/%2E%2E/%2E%2E/admin",
            "/api/2.0/genie/.%2e/admin",
            "/api/2.0/genie/%252e%252e/%252e%252e/admin",
            "/api/2.0/genie/%25%32%65%25%32%65/admin",
            "/api/2.0/genie/..%2f..%2fadmin",
            "/api/2.0/genie/spaces%2F..%2F..%2Fclusters",
            "/api/2.0/genie/spaces%2f",
            "/api/2.0/genie/spaces%5C..%5C..%5Cadmin",
            "/api/2.0/genie/spaces%5c",
            "/api/2.0/genie/spaces\\..\\..\\admin",
            "/api/2.0/genie/spaces;/../../admin",
            "/api/2.0/genie/spaces/..;/..;/admin",
            "/api/2.0/genie/spaces;jsessionid=1",
            "/api/2.0/genie//spaces",
            "//api/2.0/genie/spaces",
            "/api/2.0/genie/spaces/.",
            "/api/2.0/genie/spaces/s1../conversations",
            "/api/2.0/genie/spaces/...",
            "/api/2.0/genie/%c0%ae%c0%ae/admin",
            "/api/2.0/genie/%c0%af",
            "/api/2.0/genie/%e0%80%ae%e0%80%ae/admin",
            "/api/2.0/genie/%f0%80%80%ae/admin",
            "/api/2.0/genie/%ef%bc%8e%ef%bc%8e/admin",
            "/api/2.0/genie/%e2%80%a5/admin",
            "/api/2.0/genie/%ef%bc%8f..%ef%bc%8fadmin",
            "/api/2.0/genie/spaces%00",
            "/api/2.0/genie/spaces%00.json",
            "/api/2.0/genie/spaces%0d%0aX-Injected:%20yes",
            "/api/2.0/genie/spaces%3F/x",
            "/api/2.0/genie/spaces%23x",
            "/api/2.0/genie/spaces%20x",
            "/api/2.0/genie/spaces%",
            "/api/2.0/genie/spaces%zz",
            "/api/2.0/genie/spaces#fragment",
            "/api/2.0/genie/spaces?x=<script>",
            "/api/2.0/genie/spaces?x=%00",
    })
    void refusesTraversalAndAmbiguousEncodingsWith400AndNeverForwardsThem(String target) throws IOException {
        String p = UUID.randomUUID().toString();
        RawHttp.Response response = get(target, p, "");
        assertEnvelope(response, 400, "BAD_REQUEST");
        assertEquals(List.of(), proxy.upstream.probed(p));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "evil.example/api/2.0/genie/spaces", "api/2.0/genie/spaces", "?x=1"})
    void refusesTargetsThatAreNotAnAbsolutePathAndNeverForwardsThem(String target) throws IOException {
        String p = UUID.randomUUID().toString();
        RawHttp.Response response = get(target, p, "");
        assertTrue(response.status() == 400 || response.status() == 404, response.status() + " " + response.body());
        assertEnvelope(response, response.status(), response.status() == 400 ? "BAD_REQUEST" : "ENDPOINT_NOT_FOUND");
        assertEquals(List.of(), proxy.upstream.probed(p));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/",
            "/api/2.0/clusters/list",
            "/api/2.0/genie",
            "/API/2.0/genie/spaces",
            "/api/2.0/Genie/spaces",
            "/api/2.0/genie-x/spaces",
            "/api/2.1/genie/spaces",
            "/api/2.0/genies/spaces",
            "/.well-known/databricks-config",
            "/oidc/.well-known/oauth-authorization-server",
            "/api/2.0/preview/scim/v2/Me",
            "http://evil.example/api/2.0/clusters/list",
    })
    void answersNonGeniePathsWith404AndNeverForwardsThem(String target) throws IOException {
        String p = UUID.randomUUID().toString();
        RawHttp.Response response = get(target, p, "");
        assertEnvelope(response, 404, "ENDPOINT_NOT_FOUND");
        assertEquals(List.of(), proxy.upstream.probed(p));
    }

    /** Methods no Genie endpoint has get what the workspace answers an unknown API, not a bare 405. */
    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "PROPFIND", "CONNECT", "MKCOL"})
    void answersMethodsNoGenieEndpointHasWith404AndNeverForwardsThem(String method) throws IOException {
        String p = UUID.randomUUID().toString();
        String request = method + " /api/2.0/genie/spaces HTTP/1.1\r\nHost: proxy.test\r\n" + EdgeProxy.CREDENTIAL
                + "X-Probe: " + p + "\r\n\r\n";
        RawHttp.Response response = proxy.http.exchangeFor(request, 1).first();
        assertEnvelope(response, 404, "ENDPOINT_NOT_FOUND");
        assertTrue(response.headers().get("allow") == null, response.toString());
        assertEquals(List.of(), proxy.upstream.probed(p));
    }

    @Test
    void forwardsAnAbsoluteFormTargetToTheConfiguredUpstreamOnly() throws IOException {
        String p = UUID.randomUUID().toString();
        String request = "GET http://evil.example:8443/api/2.0/genie/spaces?page_token=" + p + " HTTP/1.1\r\nHost: evil.example\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + p + "\r\n\r\n";
        RawHttp.Response response = proxy.http.exchangeFor(request, 1).first();
        assertEquals(200, response.status(), response.body());
        RecordingUpstream.Received seen = proxy.upstream.probed(p).get(0);
        assertEquals("/api/2.0/genie/spaces?page_token=" + p, seen.rawTarget());
        assertEquals(List.of(proxy.upstream.authority()), seen.headers("host"));
    }

    @Test
    void dropsEveryRoutingOverrideHeaderAndSendsTheUpstreamItsOwnHost() throws IOException {
        String p = UUID.randomUUID().toString();
        String overrides = "X-Forwarded-Host: evil.example\r\n"
                + "X-Forwarded-For: 10.0.0.1\r\n"
                + "X-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Prefix: /admin\r\n"
                + "Forwarded: host=evil.example;for=10.0.0.1\r\n"
                + "X-Original-URL: /api/2.0/clusters/list\r\n"
                + "X-Rewrite-URL: /api/2.0/clusters/list\r\n"
                + "X-Original-Host: evil.example\r\n"
                + "X-Host: evil.example\r\n"
                + "X-HTTP-Method-Override: DELETE\r\n"
                + "X-HTTP-Method: DELETE\r\n"
                + "X-Method-Override: DELETE\r\n"
                + "X-Real-IP: 10.0.0.1\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "Connection: X-Secret-Hop\r\n"
                + "X-Secret-Hop: internal\r\n";
        String request = "GET /api/2.0/genie/spaces HTTP/1.1\r\nHost: evil.example\r\n" + EdgeProxy.CREDENTIAL + "X-Probe: " + p + "\r\n" + overrides + "\r\n";
        RawHttp.Response response = proxy.http.exchangeFor(request, 1).first();
        assertEquals(200, response.status(), response.body());
        RecordingUpstream.Received seen = proxy.upstream.probed(p).get(0);
        assertEquals("GET", seen.method());
        assertEquals("/api/2.0/genie/spaces", seen.rawTarget());
        assertEquals(List.of(proxy.upstream.authority()), seen.headers("host"));
        for (String dropped : List.of("x-forwarded-host", "x-forwarded-proto", "x-forwarded-prefix", "forwarded",
                "x-original-url", "x-rewrite-url", "x-original-host", "x-host", "x-http-method-override", "x-http-method",
                "x-method-override", "x-real-ip", "proxy-connection", "x-secret-hop")) {
            assertEquals(List.of(), seen.headers(dropped), dropped + " reached the upstream");
        }
        List<String> forwardedFor = seen.headers("x-forwarded-for");
        assertTrue(forwardedFor.stream().noneMatch(v -> v.contains("10.0.0.1")), "a client-supplied X-Forwarded-For reached the upstream");
    }

    @Test
    void forwardsAGenieRequestInItsCanonicalForm() throws IOException {
        String p = UUID.randomUUID().toString();
        RawHttp.Response response = get("/api/2.0/genie/spaces/01ef-abc/conversations?page_size=5", p, "");
        assertEquals(200, response.status(), response.body());
        assertEquals("/api/2.0/genie/spaces/01ef-abc/conversations?page_size=5", proxy.upstream.probed(p).get(0).rawTarget());
    }
}
