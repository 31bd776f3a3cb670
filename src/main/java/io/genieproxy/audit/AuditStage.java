package io.genieproxy.audit;

import io.genieproxy.genie.GenieMessage;
import io.genieproxy.genie.GenieRoute;
import io.genieproxy.pipeline.AuditOutcome;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.pipeline.Rejection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@code request} record for every request, refusals included, and a
 * {@code message_details} record the first time a message is seen in a terminal status. In sync
 * mode the response is released only once its record is durable; when fail-closed is on and the
 * record cannot be written, the caller gets 503 instead of an unaudited answer.
 */
public final class AuditStage implements ProxyStage {
    private static final Logger LOG = LoggerFactory.getLogger(AuditStage.class);

    private final AuditLog log;
    private final boolean failClosed;
    private final String workspace;
    private final Clock clock;
    private final BiFunction<String, String, String> redactText;

    /** @param redactText applies the redaction policy of a space (text, space id) to question and SQL before they are recorded */
    public AuditStage(AuditLog log, boolean failClosed, String workspace, Clock clock, BiFunction<String, String, String> redactText) {
        this.log = log;
        this.failClosed = failClosed;
        this.workspace = workspace;
        this.clock = clock;
        this.redactText = redactText;
    }

    /**
     * Whether this replica should take traffic as far as auditing goes: with fail-closed on, not while its log
     * cannot be written (every Genie call would get 503). Asking is also what retries a failed log.
     */
    public boolean isReady() {
        return log.checkWritable() || !failClosed;
    }

    /** How this replica audits, for the startup log: the log's mode and what a failed write does to the call. */
    public String describe() {
        return log.mode().name().toLowerCase(Locale.ROOT) + (failClosed ? ", fail closed" : ", fail open");
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.AUDIT;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        return next.proceed(exchange).thenCompose(response -> {
            List<CompletableFuture<Void>> writes = new ArrayList<>(2);
            writes.add(log.append(requestRecord(exchange, response)));
            for (ProxyExchange.AnsweredMessage answered : exchange.answered()) {
                writes.add(log.append(messageDetails(exchange, answered)));
            }
            CompletableFuture<Void> written = writes.size() == 1 ? writes.get(0) : CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
            BiFunction<Void, Throwable, ProxyResponse> settle = (ok, error) -> {
                if (error == null) {
                    return response;
                }
                LOG.error("Audit record for request {} could not be written: {}", exchange.requestId(), error.getClass().getSimpleName());
                if (!failClosed) {
                    return response;
                }
                response.discard();
                return ProxyResponse.rejected(Rejection.retryLater(Rejection.Reason.AUDIT_UNAVAILABLE,
                        "The audit log is unavailable; the request was not answered.", java.time.Duration.ofSeconds(5)));
            };
            // Already settled (asynchronous mode, or a refused write): carry on here; otherwise resume on the
            // connection's own thread rather than on the audit writer's.
            return written.isDone() ? written.handle(settle) : written.handleAsync(settle, exchange.continuation());
        });
    }

    private RequestAuditRecord requestRecord(ProxyExchange exchange, ProxyResponse response) {
        GenieRoute route = exchange.route();
        GenieMessage message = exchange.message();
        AuditOutcome outcome = AuditOutcome.of(response);
        String conversationId = route != null ? route.conversationId() : null;
        String messageId = route != null ? route.messageId() : null;
        if (message != null) {
            conversationId = conversationId != null ? conversationId : message.conversationId();
            messageId = messageId != null ? messageId : message.messageId();
        }
        return new RequestAuditRecord(
                clock.instant(),
                exchange.requestId(),
                exchange.traceId(),
                caller(exchange),
                workspace,
                route != null ? route.operation().auditAction() : "genieRequestRefused",
                route != null ? route.spaceId() : null,
                conversationId,
                messageId,
                route != null ? route.attachmentId() : null,
                exchange.method(),
                route != null ? route.path() : null,
                response.status(),
                outcome,
                Math.round(exchange.elapsedMillis()),
                exchange.cacheResult() == null ? null : AuditCacheStatus.valueOf(exchange.cacheResult()),
                exchange.upstreamStatus(),
                rateLimit(exchange),
                outcome == AuditOutcome.ALLOWED ? null : exchange.denialReason(),
                outcome == AuditOutcome.ALLOWED ? exchange.answerReport() : null);
    }

    /** The details of an answered message; a message read from a list page gets the redaction counts of its own element. */
    private MessageDetailsAuditRecord messageDetails(ProxyExchange exchange, ProxyExchange.AnsweredMessage answered) {
        GenieMessage message = answered.message();
        String space = message.spaceId() != null ? message.spaceId() : exchange.route().spaceId();
        List<AuditAttachment> attachments = new ArrayList<>();
        for (GenieMessage.Attachment a : message.attachments()) {
            switch (a.type()) {
                case "query" -> attachments.add(new AuditAttachment(a.attachmentId(), AuditAttachment.Type.QUERY, redact(a.title(), space), null));
                case "text" -> attachments.add(new AuditAttachment(a.attachmentId(), AuditAttachment.Type.TEXT, null, redact(a.text(), space)));
                case "suggested_questions" ->
                        attachments.add(new AuditAttachment(a.attachmentId(), AuditAttachment.Type.SUGGESTED_QUESTIONS, null, null));
                default -> {
                }
            }
        }
        return new MessageDetailsAuditRecord(
                clock.instant(),
                exchange.requestId(),
                exchange.traceId(),
                caller(exchange),
                workspace,
                space,
                message.conversationId(),
                message.messageId(),
                redact(message.question(), space),
                redact(message.sql(), space),
                message.statementId(),
                message.status(),
                message.rowCount(),
                attachments,
                redact(message.error(), space),
                answered.listIndex() < 0 || exchange.answerReport() == null
                        ? exchange.redactions() : exchange.answerReport().redactedInElement(answered.listIndex()),
                message.timeToAnswerMillis());
    }

    private String redact(String text, String spaceId) {
        return text == null ? null : redactText.apply(text, spaceId);
    }

    private static AuditCaller caller(ProxyExchange exchange) {
        var identity = exchange.caller();
        return new AuditCaller(identity != null ? identity.userName() : null, identity != null ? identity.userId() : null,
                exchange.sourceAddress(), exchange.userAgent());
    }

    private static AuditRateLimit rateLimit(ProxyExchange exchange) {
        String decision = exchange.rateLimitDecision();
        if (decision == null) {
            return null;
        }
        if (decision.toLowerCase(Locale.ROOT).equals("allowed")) {
            return new AuditRateLimit(true, exchange.rateLimitRemaining(), null);
        }
        return new AuditRateLimit(false, exchange.rateLimitRemaining(), exchange.rateLimitRetryAfterMillis());
    }
}
