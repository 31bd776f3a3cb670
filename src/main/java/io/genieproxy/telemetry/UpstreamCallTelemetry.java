package io.genieproxy.telemetry;

import io.genieproxy.pipeline.ProxyExchange;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Traces and times every call the proxy makes to the workspace's Genie API: a client span, child of
 * the request's server span, whose context travels upstream as W3C {@code traceparent}, and
 * {@link MetricNames#UPSTREAM_DURATION} from sending the request to its response headers (tags
 * operation and status_class; a call that got no response counts as status class {@code error}).
 * No attribute or tag carries a header, query, user or token.
 */
public final class UpstreamCallTelemetry {
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final LabelledMeters<Timer> timers;

    public UpstreamCallTelemetry(OpenTelemetry openTelemetry, MeterRegistry meters) {
        this.tracer = openTelemetry.getTracer(TelemetryStage.INSTRUMENTATION);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.timers = new LabelledMeters<>(v -> Timer.builder(MetricNames.UPSTREAM_DURATION)
                .description("Time the workspace took to answer, to its response headers")
                .tags("operation", v.get(0), "status_class", v.get(1))
                .publishPercentileHistogram()
                .register(meters));
    }

    /** Starts the call's span and timer; the span's context is written to the outgoing headers through {@code setHeader}. */
    public Call start(ProxyExchange exchange, BiConsumer<String, String> setHeader) {
        String operation = TelemetryStage.operationLabel(exchange);
        Span span = tracer.spanBuilder(exchange.method() + ' ' + operation)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(exchange.traceContext())
                .setAttribute(SpanAttributes.HTTP_METHOD, exchange.method())
                .setAttribute(SpanAttributes.OPERATION, operation)
                .startSpan();
        propagator.inject(exchange.traceContext().with(span), setHeader, BiConsumer::accept);
        return new Call(span, operation, System.nanoTime());
    }

    /** One call in flight; ended exactly once, by its response status or its failure. */
    public final class Call {
        private final Span span;
        private final String operation;
        private final long startNanos;

        private Call(Span span, String operation, long startNanos) {
            this.span = span;
            this.operation = operation;
            this.startNanos = startNanos;
        }

        /** The workspace answered with this status. */
        public void answered(int status) {
            span.setAttribute(SpanAttributes.HTTP_STATUS, status);
            if (status >= 400) {
                span.setStatus(StatusCode.ERROR);
            }
            finish((status / 100) + "xx");
        }

        /** The call got no response; only the failure's type is recorded, never its message. */
        public void failed(Throwable error) {
            span.setAttribute(SpanAttributes.ERROR_TYPE, error.getClass().getName());
            span.setStatus(StatusCode.ERROR);
            finish("error");
        }

        private void finish(String statusClass) {
            span.end();
            timers.with(operation, statusClass).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }
}
