package io.genieproxy.e2e.observability;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/**
 * Test-only: gives micronaut-tracing-opentelemetry's {@code DefaultOpenTelemetryFactory} (which takes an
 * optional {@link SpanProcessor} bean) a processor that keeps every finished span in memory. Only active
 * with {@code genie.test.in-memory-spans=true}, so other test contexts are untouched.
 */
@Factory
@Requires(property = InMemorySpans.PROPERTY, value = "true")
public class InMemorySpans {
    static final String PROPERTY = "genie.test.in-memory-spans";

    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }

    @Singleton
    SpanProcessor inMemoryProcessor(InMemorySpanExporter exporter) {
        return SimpleSpanProcessor.create(exporter);
    }
}
