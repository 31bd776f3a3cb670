package io.genieproxy.e2e.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.telemetry.SpanAttributes;
import io.genieproxy.testing.ProxyHarness;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spans of real requests through the real proxy in front of the real simulator, captured by the
 * OpenTelemetry SDK's in-memory exporter plugged into the application's own OpenTelemetry.
 */
@Timeout(90)
class TracesThroughTheProxyTest {
    static ProxyHarness harness;
    static InMemorySpanExporter spans;
    static GenieTraffic traffic;

    @BeforeAll
    static void start() {
        harness = ProxyHarness.start(Map.of(InMemorySpans.PROPERTY, "true"));
        spans = harness.context().getBean(InMemorySpanExporter.class);
        traffic = new GenieTraffic(harness.proxyUri());
        // The first request of a token resolves the caller through SCIM; see firstRequestOfANewCaller... below.
        assertEquals(200, traffic.get("/api/2.0/genie/spaces", ProxyHarness.DEMO_TOKEN).statusCode());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void reset() {
        spans.reset();
        harness.simulator().clearRecordedRequests();
    }

    @Test
    void everyRequestHasAServerSpanWithGenieAttributesAndAClientSpanInTheSameTrace() {
        HttpResponse<String> listed = traffic.get("/api/2.0/genie/spaces", ProxyHarness.DEMO_TOKEN);
        assertEquals(200, listed.statusCode());

        SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && "list_spaces".equals(attr(s, SpanAttributes.OPERATION)),
                "server span of list_spaces");
        assertEquals(sha256("demo@example.com").substring(0, 16), attr(server, SpanAttributes.CALLER),
                "caller is hashed by default");
        assertEquals("allowed", attr(server, "genie.outcome"));
        SpanData client = awaitSpan(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(server.getTraceId()),
                "client span of the upstream call in trace " + server.getTraceId() + "; spans: " + describe(spans.getFinishedSpanItems()));
        assertTrue(isDescendant(client, server, spans.getFinishedSpanItems()), "client span is inside the server span");
    }

    @Test
    void theFirstRequestOfANewCallerKeepsItsUpstreamCallInItsTrace() {
        assertEquals(200, traffic.get("/api/2.0/genie/spaces/" + ProxyHarness.SPACE, ProxyHarness.DEMO_TOKEN_2).statusCode());
        SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && "get_space".equals(attr(s, SpanAttributes.OPERATION)),
                "server span of get_space");
        awaitSpan(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(server.getTraceId()),
                "client span in the trace of the caller's first request");
    }

    @Test
    void theTraceparentReachingTheWorkspaceCarriesTheServerSpansTraceId() {
        assertEquals(200, traffic.get("/api/2.0/genie/spaces/" + ProxyHarness.SPACE, ProxyHarness.DEMO_TOKEN).statusCode());
        SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && "get_space".equals(attr(s, SpanAttributes.OPERATION)),
                "server span of get_space");
        RecordedRequest upstream = harness.simulator().recordedRequests().stream()
                .filter(r -> r.rawPath().equals("/api/2.0/genie/spaces/" + ProxyHarness.SPACE)).findFirst().orElseThrow();
        String traceparent = upstream.header("traceparent");
        assertNotNull(traceparent, "no traceparent reached the workspace; headers: " + upstream.headers().keySet());
        String[] parts = traceparent.split("-");
        assertEquals(4, parts.length, traceparent);
        assertEquals(server.getTraceId(), parts[1], "traceparent trace id");
        SpanData client = awaitSpan(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(server.getTraceId()), "client span");
        assertEquals(client.getSpanId(), parts[2], "the workspace's parent is the proxy's client span");
    }

    @Test
    void aCallersTraceContextMakesTheServerSpanItsChildNamedByMethodAndOperation() {
        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        assertEquals(200, traffic.get("/api/2.0/genie/spaces/" + ProxyHarness.SPACE, ProxyHarness.DEMO_TOKEN,
                "traceparent", "00-" + callerTrace + "-" + callerSpan + "-01").statusCode());
        SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(callerTrace), "server span in the caller's trace");
        assertEquals(callerSpan, server.getParentSpanId());
        assertEquals("GET get_space", server.getName());
        assertEquals(200L, server.getAttributes().get(AttributeKey.longKey(SpanAttributes.HTTP_STATUS)));
        SpanData client = awaitSpan(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(server.getSpanId()), "client span");
        assertEquals(200L, client.getAttributes().get(AttributeKey.longKey(SpanAttributes.HTTP_STATUS)));
        assertEquals("GET", client.getAttributes().get(AttributeKey.stringKey(SpanAttributes.HTTP_METHOD)));
    }

    @Test
    void aCompletedQuestionHasAMessageLifecycleSpanWithTimeToAnswerLinkedToThePollThatSawIt() {
        GenieTraffic.Answered answered = traffic.ask(ProxyHarness.DEMO_TOKEN, "top customers by order amount");
        assertEquals("COMPLETED", answered.status());

        SpanData start = awaitSpan(s -> s.getKind() == SpanKind.SERVER
                && "start_conversation".equals(attr(s, SpanAttributes.OPERATION)), "start_conversation span");
        assertEquals(ProxyHarness.SPACE, attr(start, SpanAttributes.SPACE_ID));
        assertEquals(answered.conversationId(), attr(start, SpanAttributes.CONVERSATION_ID));
        assertEquals(answered.messageId(), attr(start, SpanAttributes.MESSAGE_ID));
        assertEquals("allowed", attr(start, SpanAttributes.RATE_LIMIT_DECISION));
        awaitSpan(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(start.getTraceId())
                && s.getParentSpanId().equals(start.getSpanId()), "the question's client span, a child of its server span");

        SpanData lifecycle = awaitSpan(s -> s.getName().equals("genie.message")
                && answered.messageId().equals(attr(s, SpanAttributes.MESSAGE_ID)), "genie.message span");
        Long tta = lifecycle.getAttributes().get(AttributeKey.longKey(SpanAttributes.TIME_TO_ANSWER_MS));
        assertNotNull(tta, "genie.time_to_answer_ms");
        assertTrue(tta > 0 && tta < 20_000, "time to answer " + tta);
        assertEquals("COMPLETED", attr(lifecycle, SpanAttributes.STATUS));
        assertEquals(ProxyHarness.SPACE, attr(lifecycle, SpanAttributes.SPACE_ID));
        assertEquals(answered.conversationId(), attr(lifecycle, SpanAttributes.CONVERSATION_ID));
        long durationMs = (lifecycle.getEndEpochNanos() - lifecycle.getStartEpochNanos()) / 1_000_000;
        assertEquals(tta, durationMs, "the lifecycle span covers question to answer");

        SpanData terminalPoll = awaitSpan(s -> s.getKind() == SpanKind.SERVER
                && "get_message".equals(attr(s, SpanAttributes.OPERATION)) && "COMPLETED".equals(attr(s, SpanAttributes.STATUS)),
                "the poll that saw COMPLETED");
        assertEquals(answered.messageId(), attr(terminalPoll, SpanAttributes.MESSAGE_ID));
        List<LinkData> links = lifecycle.getLinks();
        assertTrue(links.stream().anyMatch(l -> l.getSpanContext().getSpanId().equals(terminalPoll.getSpanId())
                        && l.getSpanContext().getTraceId().equals(terminalPoll.getTraceId())),
                "genie.message links to the terminal poll's span; links: " + links);
        assertEquals(start.getTraceId(), lifecycle.getTraceId(), "the lifecycle span joins the question's trace");
        assertEquals(start.getSpanId(), lifecycle.getParentSpanId(), "the lifecycle span is a child of the question's span");
        assertTrue(links.stream().anyMatch(l -> l.getSpanContext().getSpanId().equals(start.getSpanId())),
                "genie.message links to the question's span; links: " + links);
    }

    @Test
    void pollsCarryStatusCacheAndRedactionCountsButNoTokenOrPiiValue() {
        GenieTraffic.Answered answered = traffic.ask(ProxyHarness.DEMO_TOKEN, "customers with the biggest orders this year");
        String text = answered.textAttachmentContent();
        assertNotNull(text, "the simulator's answer has a text attachment");
        assertTrue(SampleSecrets.piiValuesIn(text).isEmpty(), "the caller got redacted text: " + text);
        // a second poll of the terminal message is served from the per-caller cache
        assertEquals(200, traffic.get(GenieTraffic.messagePath(answered.conversationId(), answered.messageId()),
                ProxyHarness.DEMO_TOKEN).statusCode());
        assertEquals(200, traffic.queryResult(ProxyHarness.DEMO_TOKEN, answered).statusCode());
        assertEquals(401, traffic.get("/api/2.0/genie/spaces", null).statusCode());

        awaitSpan(s -> "get_message".equals(attr(s, SpanAttributes.OPERATION)) && "hit".equalsIgnoreCase(attr(s, SpanAttributes.CACHE)),
                "a poll span with genie.cache=hit");
        SpanData redacted = awaitSpan(s -> s.getKind() == SpanKind.SERVER
                && s.getAttributes().get(AttributeKey.longKey(SpanAttributes.REDACTIONS)) != null, "a span with genie.redactions");
        assertTrue(redacted.getAttributes().get(AttributeKey.longKey(SpanAttributes.REDACTIONS)) > 0);
        awaitSpan(s -> s.getKind() == SpanKind.SERVER && "get_attachment_query_result".equals(attr(s, SpanAttributes.OPERATION)),
                "query result span");
        awaitSpan(s -> s.getKind() == SpanKind.SERVER && "denied".equals(attr(s, "genie.outcome")), "the refused request's span");

        List<String> leaks = new ArrayList<>();
        for (SpanData span : spans.getFinishedSpanItems()) {
            StringBuilder all = new StringBuilder(span.getName()).append('\n');
            span.getAttributes().forEach((k, v) -> all.append(k.getKey()).append('=').append(v).append('\n'));
            span.getEvents().forEach(e -> all.append(e.getName()).append(' ').append(e.getAttributes()).append('\n'));
            span.getLinks().forEach(l -> all.append(l.getAttributes()).append('\n'));
            all.append(span.getStatus().getDescription());
            for (String found : SampleSecrets.foundIn(all.toString())) {
                leaks.add(span.getName() + " (" + span.getKind() + "): " + found);
            }
            assertFalse(all.toString().contains("demo@example.com"), "plain caller name on " + span.getName() + ": " + all);
        }
        assertTrue(leaks.isEmpty(), "span attributes carry secrets: " + leaks);
    }

    private static SpanData awaitSpan(Predicate<SpanData> match, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (true) {
            for (SpanData s : spans.getFinishedSpanItems()) {
                if (match.test(s)) {
                    return s;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " among " + describe(spans.getFinishedSpanItems()));
            }
            GenieTraffic.sleep(50);
        }
    }

    private static boolean isDescendant(SpanData child, SpanData ancestor, List<SpanData> all) {
        String parent = child.getParentSpanId();
        for (int depth = 0; depth < 10; depth++) {
            if (parent.equals(ancestor.getSpanId())) {
                return true;
            }
            String p = parent;
            SpanData next = all.stream().filter(s -> s.getSpanId().equals(p)).findFirst().orElse(null);
            if (next == null) {
                return false;
            }
            parent = next.getParentSpanId();
        }
        return false;
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    static String describe(List<SpanData> all) {
        StringBuilder b = new StringBuilder();
        for (SpanData s : all) {
            b.append("\n  ").append(s.getKind()).append(' ').append(s.getName()).append(" trace=").append(s.getTraceId())
                    .append(" span=").append(s.getSpanId()).append(" parent=").append(s.getParentSpanId())
                    .append(' ').append(s.getAttributes());
        }
        return b.toString();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
