/**
 * The audit log: structured, hash-chained, append-only JSON Lines that the proxy writes inline for every
 * request, and the verifier behind {@code genie-proxy audit verify}.
 *
 * <p>Line layout (canonical form). Every line is one JSON object, UTF-8, terminated by {@code \n}, with
 * members in this fixed order: {@code seq}, {@code kind}, the record's own fields in the order its
 * {@code AuditRecordEncoder} method lists them, {@code prev_hash}, and last {@code hash}. Fields whose value
 * is null are omitted; in {@code message_details} records {@code attachments} and {@code redactions} are always
 * present (possibly empty). A {@code request} record carries {@code redactions} (possibly empty) and
 * {@code redacted_columns} (when a column had any) only when the redaction stage read its answer, and
 * {@code result} ({@code columns}, {@code rows}) only when that answer held a query result. Keys of
 * {@code redactions} and {@code redacted_columns} are sorted. There is no whitespace between tokens.
 *
 * <p>Hash. A line has the form {@code P,"hash":"H"}} where {@code P} starts with {@code {} and ends with
 * the {@code prev_hash} member. {@code H} is the lowercase hex SHA-256 (or HMAC-SHA256 when a key is
 * configured) of the bytes {@code P}} — the exact bytes of the line with the trailing {@code ,"hash":"H"}
 * member removed. The verifier hashes those bytes as found in the file, so it never has to re-serialise.
 * {@code prev_hash} of the first record (seq 1) is 64 zeros; every later record carries the hash of the
 * record before it, across rotated files.
 *
 * <p>Security constraints: the writer has no field for a token, and every string value passes through
 * {@link io.genieproxy.audit.SecretScrubber} before it is written. Question and SQL text must already be
 * redacted by the caller. The HMAC key is never printed (not by {@code AuditSettings.toString()}, not by
 * the CLI).
 */
package io.genieproxy.audit;
