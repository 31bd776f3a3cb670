/**
 * A simulated Databricks workspace: a real HTTP server that answers the Genie Conversation API, SCIM
 * {@code Me} and the OIDC token endpoint the way a workspace does, with deterministic answers,
 * a PII-rich sample dataset, a question limit and runtime fault injection.
 *
 * <p>It uses only the JDK's {@code com.sun.net.httpserver} and jackson-core so that it starts in
 * milliseconds inside tests, demo mode and benchmarks. Entry point: {@link io.genieproxy.simulator.SimulatedWorkspace}.
 */
package io.genieproxy.simulator;
