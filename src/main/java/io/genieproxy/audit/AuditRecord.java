package io.genieproxy.audit;

import java.time.Instant;

/** One event the audit log records; the writer adds {@code seq}, {@code prev_hash} and {@code hash}. */
public sealed interface AuditRecord permits RequestAuditRecord, MessageDetailsAuditRecord {

    /** The {@code kind} member of the line: {@code request} or {@code message_details}. */
    String kind();

    /** When the event happened; written as RFC 3339 UTC with milliseconds. */
    Instant time();
}
