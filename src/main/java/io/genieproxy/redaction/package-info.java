/**
 * PII redaction for Genie response bodies: validated detectors (Luhn, mod-97, SSN rules, phone
 * metadata), the operator's {@link io.genieproxy.redaction.RedactionPolicy}, and the streaming
 * {@link io.genieproxy.redaction.JsonRedactor}.
 *
 * <p>Plain Java with no framework types, so the proxy stage stays a thin adapter. Nothing here ever
 * logs, reports or throws with a redacted value in it: {@link io.genieproxy.redaction.RedactionReport}
 * carries counts and JSON paths only, and exception messages name positions, never content.
 */
package io.genieproxy.redaction;
