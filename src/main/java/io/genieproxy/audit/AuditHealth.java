package io.genieproxy.audit;

/**
 * A snapshot of the audit writer's state for health checks and metrics; it holds counts and error text,
 * never a value from a record.
 *
 * @param recordsWritten records written (SYNC: and fsynced) since open
 * @param writeFailures records whose append failed since open
 * @param scrubbedValues string values in which {@link SecretScrubber} replaced a credential
 * @param lastSeq the seq of the last record written, 0 before the first
 * @param lastHash the hash of the last record written (an anchor to keep elsewhere), or the genesis value
 * @param writable false while the file cannot be opened or the last batch failed
 * @param lastError the last write error (exception type and message), or null
 */
public record AuditHealth(
        long recordsWritten,
        long writeFailures,
        long scrubbedValues,
        long lastSeq,
        String lastHash,
        boolean writable,
        String lastError) {
}
