package io.genieproxy.redaction;

import io.genieproxy.pipeline.AnswerReport;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.upstream.BufferedResponse;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Redacts personal data from the answers of routes that carry it, before anything above (cache,
 * audit, telemetry, the caller) sees them. Fails closed: a body that cannot be parsed or redacted is
 * replaced by a 502 error, never passed on raw.
 */
public final class RedactionStage implements ProxyStage {
    private final JsonRedactor redactor;
    private final Consumer<RedactionReport> onReport;
    private final Runnable onFailure;

    /** @param redactor the redactor, or null when redaction is switched off ({@code GENIE_REDACTION=off}) */
    public RedactionStage(JsonRedactor redactor, Consumer<RedactionReport> onReport, Runnable onFailure) {
        this.redactor = redactor;
        this.onReport = onReport;
        this.onFailure = onFailure;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.REDACT;
    }

    @Override
    public boolean isEnabled() {
        return redactor != null;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        if (!exchange.route().carriesPii() || exchange.method().equals("HEAD")) {
            return next.proceed(exchange);
        }
        exchange.needBody();
        RedactionScope scope = new RedactionScope(exchange.route().spaceId(),
                exchange.caller() == null ? Set.of() : Set.copyOf(exchange.caller().groups()));
        return next.proceed(exchange).thenApply(response -> redact(exchange, response, scope));
    }

    private ProxyResponse redact(ProxyExchange exchange, ProxyResponse response, RedactionScope scope) {
        if (response.isRejected()) {
            return response;
        }
        if (!response.isBuffered()) {
            return refuse(exchange, "not_buffered");
        }
        BufferedResponse buffered = response.buffered();
        if (buffered.body().length == 0) {
            return response;
        }
        if (!buffered.isJson()) {
            return refuse(exchange, "not_json");
        }
        try {
            RedactionReport.Builder report = RedactionReport.builder();
            byte[] redacted = redactor.redact(buffered.body(), scope, report);
            RedactionReport built = report.build();
            exchange.answerReport(new AnswerReport(built.countsByCategory(), built.countsByColumn(), built.countsByElement(),
                    built.resultColumns(), built.resultRows()));
            onReport.accept(built);
            return response.withBuffered(buffered.withBody(redacted));
        } catch (RedactionException | RuntimeException e) {
            return refuse(exchange, "unparseable");
        }
    }

    private ProxyResponse refuse(ProxyExchange exchange, String reason) {
        onFailure.run();
        exchange.denialReason("redaction_failed:" + reason);
        return ProxyResponse.rejected(Rejection.of(Rejection.Reason.REDACTION_FAILED,
                "The workspace answer could not be checked for personal data, so it was withheld."));
    }
}
