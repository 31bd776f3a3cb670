package io.genieproxy.redaction;

import io.genieproxy.genie.GenieOperation;
import io.genieproxy.pipeline.AnswerReport;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.pipeline.Rejection;
import io.genieproxy.upstream.BufferedResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Redacts personal data from the answers of routes that carry it, before anything above (cache,
 * audit, telemetry, the caller) sees them. Fails closed: a body that cannot be parsed or redacted is
 * replaced by a 502 error, never passed on raw. Links to unredacted data (full-result downloads,
 * {@code external_links}) reach only callers the policy allows: for others a download is not even
 * generated, and an answer carrying such links is refused with 403.
 */
public final class RedactionStage implements ProxyStage {
    /** Links to whole results in cloud storage bypass redaction, so the policy decides who may have them. */
    private static final Rejection DOWNLOADS_WITHHELD = Rejection.of(Rejection.Reason.PERMISSION_DENIED,
            "Full query-result downloads are links to unredacted data, and this gateway's redaction policy withholds them "
                    + "from you. Read the query result instead, which is redacted.");

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
        boolean generatesDownload = exchange.route().operation() == GenieOperation.GENERATE_DOWNLOAD;
        if ((!exchange.route().carriesPii() && !generatesDownload) || exchange.method().equals("HEAD")) {
            return next.proceed(exchange);
        }
        RedactionScope scope = new RedactionScope(exchange.route().spaceId(),
                exchange.caller() == null ? Set.of() : Set.copyOf(exchange.caller().groups()));
        if (generatesDownload) {
            if (redactor.allowsDownloads(scope)) {
                return next.proceed(exchange);
            }
            exchange.denialReason("download_denied");
            return CompletableFuture.completedFuture(ProxyResponse.rejected(DOWNLOADS_WITHHELD));
        }
        exchange.needBody();
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
            if (built.externalLinks() > 0 && !redactor.allowsDownloads(scope)) {
                exchange.denialReason("download_denied");
                return ProxyResponse.rejected(DOWNLOADS_WITHHELD);
            }
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
