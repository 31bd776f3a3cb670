/**
 * The per-caller answer cache and poll coalescing: {@link io.genieproxy.cache.CacheKey} (the only
 * way to address an entry, always scoped to one caller), {@link io.genieproxy.cache.ResponseCache}
 * (bytes-bounded, TTL per kind of answer) and {@link io.genieproxy.cache.PollCoalescer}.
 *
 * <p>Security constraint: a caller never receives an answer fetched for another caller, because
 * Genie answers depend on the caller's permissions (row filters, column masks). Only redacted
 * bodies may be stored: the CACHE stage sits outside REDACT in the pipeline order.
 */
package io.genieproxy.cache;
