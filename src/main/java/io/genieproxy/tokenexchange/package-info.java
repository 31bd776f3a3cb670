/**
 * Outbound credentials: the token the proxy sends to the workspace on the caller's behalf, from the
 * caller's own token (passthrough) or an exchange (Entra on-behalf-of, RFC 8693 federation, a service
 * principal's client credentials), cached per caller and workspace with single-flight refresh. In an
 * exchange mode a failed exchange is an error: the caller's token is never sent upstream instead.
 */
package io.genieproxy.tokenexchange;
