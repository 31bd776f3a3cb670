/**
 * Talking to the workspace: the streaming forwarder, hop-by-hop header rules, retries with a budget, and the circuit breaker.
 */
package io.genieproxy.upstream;
