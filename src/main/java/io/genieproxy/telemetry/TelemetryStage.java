package io.genieproxy.telemetry;

import io.genieproxy.auth.Sha256;
import io.genieproxy.genie.GenieMessage;
import io.genieproxy.genie.GenieRoute;
import io.genieproxy.pipeline.AuditOutcome;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.genieproxy.pipeline.StageFailure;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Outermost stage: counts and times every request by operation and outcome, traces it as a server
 * span (named by method and operation, continuing a caller's W3C trace context) carrying the Genie
 * attributes, and, when a message reaches its terminal status, records
 * time to answer and a {@code genie.message} span covering the message's lifecycle: a child of the
 * question's server span (same trace) when this process saw the question, linked to both the question's
 * span and the poll that saw the terminal status.
 */
public final class TelemetryStage implements ProxyStage {
    /** The instrumentation scope of every span the proxy starts. */
    static final String INSTRUMENTATION = "genie-proxy";
    /** Reads W3C trace context from the caller's headers (only the propagator's own keys are asked for). */
    private static final TextMapGetter<ProxyExchange> REQUEST_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ProxyExchange exchange) {
            return exchange.requestHeaders().stream().map(Map.Entry::getKey).toList();
        }

        @Override
        public String get(ProxyExchange exchange, String key) {
            return exchange == null ? null : exchange.requestHeader(key);
        }
    };

    private final MeterRegistry meters;
    private final LabelledMeters<Counter> requestCounters;
    private final LabelledMeters<Timer> requestTimers;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final String callerAttribute;
    private final String workspace;
    /** The server span of each question still in flight, by message id, so the lifecycle span joins its trace. */
    private final Cache<String, SpanContext> questionSpans = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1)).maximumSize(100_000).build();

    public TelemetryStage(MeterRegistry meters, OpenTelemetry openTelemetry, TelemetrySettings settings, String workspace) {
        this.meters = meters;
        this.requestCounters = new LabelledMeters<>(v -> Counter.builder(MetricNames.REQUESTS).description("Requests handled by the proxy")
                .tags("operation", v.get(0), "outcome", v.get(1), "status_class", v.get(2))
                .register(meters));
        this.requestTimers = new LabelledMeters<>(v -> Timer.builder(MetricNames.REQUEST_DURATION).description("Time to answer a request, proxy included")
                .tags("operation", v.get(0), "outcome", v.get(1))
                .publishPercentileHistogram()
                .register(meters));
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.callerAttribute = settings.callerAttribute();
        this.workspace = workspace;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.TELEMETRY;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        Span span = serverSpan(exchange);
        return next.proceed(exchange).whenComplete((response, error) -> {
            try {
                if (response != null) {
                    record(exchange, response, span);
                } else {
                    span.setAttribute(SpanAttributes.ERROR_TYPE, StageFailure.unwrap(error).getClass().getName());
                    span.setStatus(StatusCode.ERROR);
                }
            } finally {
                span.end();
            }
        });
    }

    /**
     * Starts the request's server span, continuing the caller's trace when it sent W3C trace context,
     * and makes it the parent of the request's upstream calls.
     */
    private Span serverSpan(ProxyExchange exchange) {
        Context parent = propagator.extract(Context.root(), exchange, REQUEST_HEADERS);
        Span span = tracer.spanBuilder(exchange.method())
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute(SpanAttributes.HTTP_METHOD, exchange.method())
                .startSpan();
        exchange.traceContext(parent.with(span));
        if (span.getSpanContext().isValid()) {
            exchange.traceId(span.getSpanContext().getTraceId());
        }
        return span;
    }

    private void record(ProxyExchange exchange, ProxyResponse response, Span span) {
        GenieRoute route = exchange.route();
        String operation = operationLabel(exchange);
        String outcome = AuditOutcome.of(response).label();
        requestCounters.with(operation, outcome, (response.status() / 100) + "xx").increment();
        requestTimers.with(operation, outcome).record((long) (exchange.elapsedMillis() * 1_000_000), TimeUnit.NANOSECONDS);
        if (route != null && route.isQuestion() && outcome.equals("allowed")) {
            Counter.builder(MetricNames.QUESTIONS).description("Questions forwarded to the workspace")
                    .tags("operation", operation, "space", label(route.spaceId()), "workspace", workspace)
                    .register(meters).increment();
        }
        Long rows = exchange.answerReport() == null ? null : exchange.answerReport().rows();
        if (rows != null && route != null && outcome.equals("allowed")) {
            Counter.builder(MetricNames.RESULT_ROWS).description("Query-result rows delivered to callers, cache hits included")
                    .tags("space", label(route.spaceId())).register(meters).increment(rows);
        }
        annotate(span, exchange, response, outcome);
        GenieMessage message = exchange.message();
        if (route != null && route.isQuestion() && message != null && message.messageId() != null
                && !message.isTerminal() && span.getSpanContext().isValid()) {
            questionSpans.put(message.messageId(), span.getSpanContext());
        }
        for (ProxyExchange.AnsweredMessage answered : exchange.answered()) {
            terminal(answered.message(), span);
        }
    }

    private void annotate(Span span, ProxyExchange exchange, ProxyResponse response, String outcome) {
        if (!span.isRecording()) {
            return;
        }
        span.setAttribute(SpanAttributes.HTTP_STATUS, response.status());
        if (response.status() >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        GenieRoute route = exchange.route();
        if (route != null) {
            span.updateName(exchange.method() + ' ' + route.operation().label());
            span.setAttribute(SpanAttributes.OPERATION, route.operation().label());
            setIfPresent(span, SpanAttributes.SPACE_ID, route.spaceId());
            setIfPresent(span, SpanAttributes.CONVERSATION_ID, route.conversationId());
            setIfPresent(span, SpanAttributes.MESSAGE_ID, route.messageId());
        }
        if (exchange.message() != null) {
            setIfPresent(span, SpanAttributes.STATUS, exchange.message().status());
            if (route != null && route.messageId() == null) {
                setIfPresent(span, SpanAttributes.MESSAGE_ID, exchange.message().messageId());
                setIfPresent(span, SpanAttributes.CONVERSATION_ID, exchange.message().conversationId());
            }
        }
        setIfPresent(span, SpanAttributes.CACHE, exchange.cacheResult());
        setIfPresent(span, SpanAttributes.RATE_LIMIT_DECISION, exchange.rateLimitDecision());
        int redactions = exchange.answerReport() == null ? 0 : exchange.answerReport().totalRedacted();
        if (redactions > 0) {
            span.setAttribute(SpanAttributes.REDACTIONS, redactions);
        }
        String caller = callerValue(exchange);
        if (caller != null) {
            span.setAttribute(SpanAttributes.CALLER, caller);
        }
        span.setAttribute(SpanAttributes.OUTCOME, outcome);
    }

    private void terminal(GenieMessage message, Span requestSpan) {
        SpanContext question = questionSpans.asMap().remove(message.messageId());
        String space = label(message.spaceId());
        Counter.builder(MetricNames.MESSAGES_TERMINAL).description("Messages seen reaching a terminal status")
                .tags("status", message.status(), "space", space).register(meters).increment();
        Long ttaMillis = message.timeToAnswerMillis();
        if (ttaMillis == null) {
            return;
        }
        Timer.builder(MetricNames.TIME_TO_ANSWER).description("Time from question to terminal status")
                .tags("status", message.status(), "space", space)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofMinutes(20))
                .register(meters).record(ttaMillis, TimeUnit.MILLISECONDS);
        SpanBuilder builder = tracer.spanBuilder("genie.message")
                .setStartTimestamp(Instant.ofEpochMilli(message.createdTimestamp()))
                .setAttribute(SpanAttributes.MESSAGE_ID, message.messageId())
                .setAttribute(SpanAttributes.STATUS, message.status())
                .setAttribute(SpanAttributes.TIME_TO_ANSWER_MS, ttaMillis);
        if (question != null) {
            builder.setParent(Context.root().with(Span.wrap(question))).addLink(question, Attributes.empty());
        } else {
            builder.setNoParent();
        }
        if (requestSpan.getSpanContext().isValid()) {
            builder.addLink(requestSpan.getSpanContext(), Attributes.empty());
        }
        Span lifecycle = builder.startSpan();
        setIfPresent(lifecycle, SpanAttributes.SPACE_ID, message.spaceId());
        setIfPresent(lifecycle, SpanAttributes.CONVERSATION_ID, message.conversationId());
        lifecycle.end(Instant.ofEpochMilli(message.lastUpdatedTimestamp()));
    }

    private String callerValue(ProxyExchange exchange) {
        if (exchange.caller() == null) {
            return null;
        }
        return switch (callerAttribute) {
            case "plain" -> exchange.caller().userName();
            case "omitted" -> null;
            default -> Sha256.hex(exchange.caller().userName()).substring(0, 16);
        };
    }

    /** The operation label of metrics and spans: the Genie operation, or {@code none} for a request refused before routing. */
    static String operationLabel(ProxyExchange exchange) {
        return exchange.route() != null ? exchange.route().operation().label() : "none";
    }

    private static String label(String value) {
        return value == null ? "none" : value;
    }

    private static void setIfPresent(Span span, String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }
}
