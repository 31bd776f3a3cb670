/**
 * Question rate limiting: the {@link io.genieproxy.ratelimit.RateLimiter} role with an in-process
 * strategy and a Redis strategy shared by all replicas, a fallback decorator for Redis outages, the
 * {@link io.genieproxy.ratelimit.QuestionGate} that checks several scopes, and the
 * {@link io.genieproxy.ratelimit.FairQueue} that lets over-limit questions wait their turn.
 *
 * <p>Every strategy runs GCRA (the generic cell rate algorithm): one timestamp per key, the
 * theoretical arrival time, so a budget of {@code n} per minute admits a burst of {@code burst}
 * and then one question every {@code 60/n} seconds, never a window-edge double burst. Only
 * questions are limited; polls never are (Genie's published limit counts only POSTs). Nothing
 * here depends on Micronaut; the pipeline's filter adapts it.
 */
package io.genieproxy.ratelimit;
