/**
 * Caller authentication, failing closed: a request is forwarded only with an identity established
 * from exactly one bearer credential, either resolved by the workspace (SCIM {@code Me}) or validated
 * locally as a JWT against a JWKS. Nothing here logs or prints a token; caches are keyed by its
 * SHA-256 fingerprint. Plain Java, no framework types, so the pipeline wires it in.
 */
package io.genieproxy.auth;
