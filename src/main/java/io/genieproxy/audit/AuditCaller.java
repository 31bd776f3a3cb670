package io.genieproxy.audit;

/**
 * Who made a request, as the audit log records it: an identity and where it came from, never a credential.
 *
 * @param user the user name (e-mail or application id), null when authentication failed
 * @param id the workspace user id or JWT subject, null when unknown
 * @param sourceAddress the client address the proxy saw
 * @param userAgent the client's User-Agent header
 */
public record AuditCaller(String user, String id, String sourceAddress, String userAgent) {
}
