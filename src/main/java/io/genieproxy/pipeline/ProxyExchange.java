package io.genieproxy.pipeline;

import io.genieproxy.auth.CallerIdentity;
import io.genieproxy.genie.GenieMessage;
import io.genieproxy.genie.GenieRoute;
import io.genieproxy.guard.RequestTarget;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The typed context of one request as it walks the pipeline: what was asked, who asked, and what
 * each stage decided. Credentials are held only as opaque values that {@link #toString()} never
 * prints; stages record decisions here for telemetry and audit.
 */
public final class ProxyExchange {
    private final String requestId;
    private final String method;
    private final String rawTarget;
    private final long startNanos;
    private final String sourceAddress;
    private final String userAgent;
    private final List<Map.Entry<String, String>> requestHeaders;
    private final Object frameworkRequest;
    private Context traceContext = Context.root();
    private java.util.concurrent.Executor continuation = Runnable::run;

    private RequestTarget target;
    private GenieRoute route;
    private String workspace;
    private CallerIdentity caller;
    private Object callerCredential;
    private String upstreamAuthorization;
    private String traceId;
    private boolean bodyNeeded;
    private String cacheResult;
    private String rateLimitDecision;
    private Long rateLimitRemaining;
    private Long rateLimitRetryAfterMillis;
    private Integer upstreamStatus;
    private AnswerReport answerReport;
    private String denialReason;
    private GenieMessage message;
    private final List<AnsweredMessage> answered = new ArrayList<>(1);

    /**
     * A message this response was the first (in this deployment) to show in a terminal status.
     *
     * @param message the message as the caller saw it, redacted
     * @param listIndex its index in the list-messages page that showed it, or -1 for a message route's own message
     */
    public record AnsweredMessage(GenieMessage message, int listIndex) {
    }

    public ProxyExchange(String requestId, String method, String rawTarget, String sourceAddress, String userAgent,
                         List<Map.Entry<String, String>> requestHeaders, Object frameworkRequest) {
        this.requestId = requestId;
        this.method = method;
        this.rawTarget = rawTarget;
        this.sourceAddress = sourceAddress;
        this.userAgent = userAgent;
        this.requestHeaders = Collections.unmodifiableList(new ArrayList<>(requestHeaders));
        this.frameworkRequest = frameworkRequest;
        this.startNanos = System.nanoTime();
    }

    public String requestId() {
        return requestId;
    }

    public String method() {
        return method;
    }

    /** The request target as received; for logging only after the guard accepted it. */
    public String rawTarget() {
        return rawTarget;
    }

    public long startNanos() {
        return startNanos;
    }

    public String sourceAddress() {
        return sourceAddress;
    }

    public String userAgent() {
        return userAgent;
    }

    /** Request headers as received (names as sent). Holds the Authorization header: never log it. */
    public List<Map.Entry<String, String>> requestHeaders() {
        return requestHeaders;
    }

    /** All values of one request header, case-insensitive. */
    public List<String> requestHeaders(String name) {
        List<String> values = new ArrayList<>(1);
        for (Map.Entry<String, String> h : requestHeaders) {
            if (h.getKey().equalsIgnoreCase(name)) {
                values.add(h.getValue());
            }
        }
        return values;
    }

    /** The first value of a request header, or null. */
    public String requestHeader(String name) {
        for (Map.Entry<String, String> h : requestHeaders) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** The framework's request, whose body the forwarder streams upstream untouched. */
    public Object frameworkRequest() {
        return frameworkRequest;
    }

    /**
     * The framework's per-request context (trace context included) as it was on the request thread;
     * stages may continue on other threads, so the forwarder restores it around the upstream call.
     */
    /**
     * Where work resumes after waiting on another component's thread (the audit writer, say): the
     * connection's own event loop, so no shared single thread runs the rest of a request.
     */
    public java.util.concurrent.Executor continuation() {
        return continuation;
    }

    public void continuation(java.util.concurrent.Executor executor) {
        this.continuation = executor;
    }

    /** The trace context of the request's server span: the parent of the spans of its upstream calls. */
    public Context traceContext() {
        return traceContext;
    }

    public void traceContext(Context traceContext) {
        this.traceContext = traceContext;
    }

    public RequestTarget target() {
        return target;
    }

    public GenieRoute route() {
        return route;
    }

    /** Set by the guard once the target is normalised and known to be a Genie route. */
    public void accept(RequestTarget target, GenieRoute route) {
        this.target = target;
        this.route = route;
    }

    /** The workspace this request goes to (its origin URL), for limits, cache keys and audit. */
    public String workspace() {
        return workspace;
    }

    public void workspace(String workspace) {
        this.workspace = workspace;
    }

    public CallerIdentity caller() {
        return caller;
    }

    /** Set by authentication: the identity and the caller's credential object (never printed). */
    public void authenticated(CallerIdentity caller, Object credential) {
        this.caller = caller;
        this.callerCredential = credential;
    }

    public Object callerCredential() {
        return callerCredential;
    }

    /** The {@code Authorization} value to send upstream, set by the token exchange stage. */
    public String upstreamAuthorization() {
        return upstreamAuthorization;
    }

    public void upstreamAuthorization(String value) {
        this.upstreamAuthorization = value;
    }

    public String traceId() {
        return traceId;
    }

    public void traceId(String traceId) {
        this.traceId = traceId;
    }

    /** Whether some stage must read the upstream body (so the forwarder buffers it). */
    public boolean isBodyNeeded() {
        return bodyNeeded;
    }

    /** Called by a stage, on the way in, that will read the response body on the way out. */
    public void needBody() {
        this.bodyNeeded = true;
    }

    public String cacheResult() {
        return cacheResult;
    }

    public void cacheResult(String result) {
        this.cacheResult = result;
    }

    public String rateLimitDecision() {
        return rateLimitDecision;
    }

    public void rateLimitDecision(String decision) {
        this.rateLimitDecision = decision;
    }

    /** Records the limiter's decision with its figures (remaining permits, wait told to a refused caller). */
    public void rateLimitDecision(String decision, Long remaining, Long retryAfterMillis) {
        this.rateLimitDecision = decision;
        this.rateLimitRemaining = remaining;
        this.rateLimitRetryAfterMillis = retryAfterMillis;
    }

    public Long rateLimitRemaining() {
        return rateLimitRemaining;
    }

    public Long rateLimitRetryAfterMillis() {
        return rateLimitRetryAfterMillis;
    }

    public Integer upstreamStatus() {
        return upstreamStatus;
    }

    public void upstreamStatus(int status) {
        this.upstreamStatus = status;
    }

    /** Redaction counts per category for this response (never values); empty when nothing was redacted or read. */
    public Map<String, Integer> redactions() {
        return answerReport == null ? Map.of() : answerReport.redactedByCategory();
    }

    /** What the answer carried back, as redaction read it (or as it was when cached); null when no stage read it. */
    public AnswerReport answerReport() {
        return answerReport;
    }

    public void answerReport(AnswerReport report) {
        this.answerReport = report;
    }

    public String denialReason() {
        return denialReason;
    }

    public void denialReason(String reason) {
        this.denialReason = reason;
    }

    /** The Genie message this response carried (as the caller saw it, redacted), or null. */
    public GenieMessage message() {
        return message;
    }

    /** Whether this response is the first seen of some message in a terminal status. */
    public boolean isTerminalObserved() {
        return !answered.isEmpty();
    }

    /** The messages this response was the first to show answered, in the order they were read. */
    public List<AnsweredMessage> answered() {
        return Collections.unmodifiableList(answered);
    }

    /** Records the message a message route's answer carried, and whether it is the first sight of it answered. */
    public void message(GenieMessage message, boolean firstTerminal) {
        this.message = message;
        if (firstTerminal) {
            answered.add(new AnsweredMessage(message, -1));
        }
    }

    /** Records that element {@code listIndex} of a list-messages page is the first sight of {@code message} answered. */
    public void answeredInList(GenieMessage message, int listIndex) {
        answered.add(new AnsweredMessage(message, listIndex));
    }

    public double elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    @Override
    public String toString() {
        return "ProxyExchange[" + requestId + " " + method + " " + (route != null ? route.operation() : "unrouted")
                + (caller != null ? " caller=" + caller.userName() : "") + "]";
    }
}
