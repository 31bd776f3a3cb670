package io.genieproxy.pipeline;

/**
 * The fixed order of the proxy pipeline; every stage names its place here and no stage holds a bare
 * order number. Requests walk the constants top to bottom; responses come back bottom to top.
 *
 * <ul>
 *   <li>{@link #TELEMETRY} is outermost so it measures and traces every request, refusals included.</li>
 *   <li>{@link #AUDIT} comes next so it records every outcome, including guard, auth and limit refusals.</li>
 *   <li>{@link #GUARD} refuses hostile targets and non-Genie paths before any credential is looked at.</li>
 *   <li>{@link #AUTHENTICATE} establishes the caller before anything is forwarded or cached.</li>
 *   <li>{@link #EXCHANGE_TOKEN} obtains the upstream credential for that caller.</li>
 *   <li>{@link #RATE_LIMIT} counts questions (not polls) before they can reach the workspace.</li>
 *   <li>{@link #MESSAGE_LIFECYCLE} reads message answers (already redacted) on their way out, so audit
 *       and telemetry above it know when a message reached its terminal status.</li>
 *   <li>{@link #CACHE} sits outside {@link #REDACT}, so only redacted bodies are ever stored and a
 *       cache hit is already redacted for that caller.</li>
 *   <li>{@link #FORWARD} is innermost: the only stage that talks to the workspace.</li>
 * </ul>
 */
public enum PipelineStage {
    TELEMETRY,
    AUDIT,
    GUARD,
    AUTHENTICATE,
    EXCHANGE_TOKEN,
    RATE_LIMIT,
    MESSAGE_LIFECYCLE,
    CACHE,
    REDACT,
    FORWARD
}
