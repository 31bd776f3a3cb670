package io.genieproxy.telemetry;

/**
 * Every metric the proxy exports, by its Micrometer name (Prometheus adds {@code _total},
 * {@code _seconds}, {@code _bucket} as usual). Dashboards under {@code grafana/} use exactly these.
 * Labels are bounded: operation, outcome, status class, workspace, space; never a user,
 * conversation, message or token.
 */
public final class MetricNames {
    private MetricNames() {
    }

    /** Counter, tags operation, outcome, status_class. Prometheus: genie_proxy_requests_total. */
    public static final String REQUESTS = "genie.proxy.requests";
    /** Timer (histogram), tags operation, outcome. Prometheus: genie_proxy_request_duration_seconds. */
    public static final String REQUEST_DURATION = "genie.proxy.request.duration";
    /** Timer, tags operation, status_class. Prometheus: genie_proxy_upstream_duration_seconds. */
    public static final String UPSTREAM_DURATION = "genie.proxy.upstream.duration";
    /** Counter, tags operation, space, workspace. */
    public static final String QUESTIONS = "genie.proxy.questions";
    /** Timer: question to terminal status, tags status, space. */
    public static final String TIME_TO_ANSWER = "genie.proxy.time.to.answer";
    /** Counter, tags status (COMPLETED, FAILED, CANCELLED), space. */
    public static final String MESSAGES_TERMINAL = "genie.proxy.messages.terminal";
    /** Gauge: conversations with a message in flight. */
    public static final String ACTIVE_CONVERSATIONS = "genie.proxy.active.conversations";
    /** Counter, tags scope (workspace, space, user), decision (allowed, rejected, queued). */
    public static final String RATE_LIMIT_DECISIONS = "genie.proxy.rate.limit.decisions";
    /** Timer: time a queued question waited. */
    public static final String RATE_LIMIT_WAIT = "genie.proxy.rate.limit.wait";
    /** Counter: times the shared limiter fell back to local limiting, tag reason. */
    public static final String RATE_LIMIT_FALLBACK = "genie.proxy.rate.limit.fallback";
    /** Counter, tags operation, result (hit, miss, bypass). */
    public static final String CACHE_RESULTS = "genie.proxy.cache.results";
    /** Counter, tag operation: polls answered by sharing another identical in-flight call. */
    public static final String COALESCED_POLLS = "genie.proxy.coalesced.polls";
    /** Counter, tags category, mode. */
    public static final String REDACTIONS = "genie.proxy.redactions";
    /** Counter, tag space: query-result rows delivered to callers (after redaction), cache hits included. */
    public static final String RESULT_ROWS = "genie.proxy.result.rows";
    /** Counter, tag outcome (failed): responses refused because they could not be redacted. */
    public static final String REDACTION_FAILURES = "genie.proxy.redaction.failures";
    /** Counter, tags strategy, outcome (issued, cached, failed). */
    public static final String TOKEN_EXCHANGES = "genie.proxy.token.exchanges";
    /** Counter, tags mode, reason. */
    public static final String AUTH_FAILURES = "genie.proxy.auth.failures";
    /** Gauge, tag workspace: 0 closed, 1 half-open, 2 open. */
    public static final String CIRCUIT_STATE = "genie.proxy.circuit.state";
    /** Counter, tags operation: retried upstream attempts. */
    public static final String UPSTREAM_RETRIES = "genie.proxy.upstream.retries";
    /** Counter: answered messages this replica recorded without Redis deciding between the replicas. */
    public static final String TERMINAL_CLAIM_FALLBACKS = "genie.proxy.terminal.claim.fallbacks";
    /** Counter, tag kind (request, message_details). */
    public static final String AUDIT_RECORDS = "genie.proxy.audit.records";
    /** Counter: audit records that could not be written. */
    public static final String AUDIT_FAILURES = "genie.proxy.audit.failures";
    /** Counter, tag reason: requests refused by the target/framing guard. */
    public static final String GUARD_REJECTIONS = "genie.proxy.guard.rejections";
}
