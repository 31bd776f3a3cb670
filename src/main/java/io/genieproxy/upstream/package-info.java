/**
 * Talking to the workspace: the forwarder (the proxy's own per-event-loop connections for the Netty lane, the framework client for requests with a body), streamed answers, hop-by-hop header rules, retries with a budget, and the circuit breaker.
 */
package io.genieproxy.upstream;
