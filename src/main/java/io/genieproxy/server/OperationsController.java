package io.genieproxy.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** The proxy's own endpoints: readiness and the Prometheus scrape. Answered locally, never forwarded. */
@Controller
public class OperationsController {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public OperationsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get(value = "/health", produces = MediaType.ALL)
    public HttpResponse<String> health() {
        return HttpResponse.ok("{\"status\":\"UP\"}").contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get(value = "/prometheus", produces = MediaType.ALL)
    public HttpResponse<String> prometheus() {
        return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS_TEXT);
    }
}
