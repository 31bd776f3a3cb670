package io.genieproxy.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.genieproxy.audit.AuditStage;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * The proxy's own endpoints: readiness and the Prometheus scrape. Answered locally, never forwarded. Readiness is
 * 503 while the audit log cannot be written and fail-closed would refuse every Genie call, so a load balancer
 * sends the traffic to replicas that can answer it.
 */
@Controller
public class OperationsController {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final AuditStage audit;

    public OperationsController(PrometheusMeterRegistry registry, AuditStage audit) {
        this.registry = registry;
        this.audit = audit;
    }

    /** Readiness: UP, or 503 DOWN while this replica would refuse every Genie call. */
    @Get(value = "/health", produces = MediaType.ALL)
    public HttpResponse<String> health() {
        if (!audit.isReady()) {
            return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body("{\"status\":\"DOWN\",\"checks\":{\"audit\":\"DOWN\"}}").contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return up();
    }

    /** The same readiness under the path Kubernetes-style probes use. */
    @Get(value = "/health/readiness", produces = MediaType.ALL)
    public HttpResponse<String> readiness() {
        return health();
    }

    /**
     * Liveness: UP while the process answers. Not tied to the audit log, so an orchestrator does not restart a
     * replica that is only waiting for its volume.
     */
    @Get(value = "/health/liveness", produces = MediaType.ALL)
    public HttpResponse<String> liveness() {
        return up();
    }

    private static HttpResponse<String> up() {
        return HttpResponse.ok("{\"status\":\"UP\"}").contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get(value = "/prometheus", produces = MediaType.ALL)
    public HttpResponse<String> prometheus() {
        return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS_TEXT);
    }
}
