package io.genieproxy.audit;

/**
 * What {@link AuditVerifier} found: either an intact chain, or the first line where it breaks and why.
 *
 * @param intact whether every line verified and the chain is unbroken from seq 1
 * @param records records verified (when broken: records verified before the bad line)
 * @param file the file holding the first bad line, null when intact
 * @param firstBadLine the 1-based line number of the first bad line in {@code file}, 0 when intact
 * @param problem why that line is bad (hash mismatch, broken link, seq gap, unparseable, torn), null when intact
 * @param files non-empty files verified
 * @param lastHash the hash of the last verified record (the genesis value when none), worth keeping elsewhere
 *     as an anchor: a chain alone cannot show that lines were cut off its end
 */
public record VerificationResult(
        boolean intact, long records, String file, long firstBadLine, String problem, int files, String lastHash) {

    static VerificationResult intact(long records, int files, String lastHash) {
        return new VerificationResult(true, records, null, 0, null, files, lastHash);
    }

    static VerificationResult broken(long records, String file, long line, String problem, int files, String lastHash) {
        return new VerificationResult(false, records, file, line, problem, files, lastHash);
    }

    /** One line for a terminal: {@code OK: 1234 records, chain intact across 3 files, last hash ab12…}. */
    public String summary() {
        if (intact) {
            return "OK: " + records + (records == 1 ? " record" : " records") + ", chain intact across " + files
                    + (files == 1 ? " file" : " files") + ", last hash " + lastHash.substring(0, 16) + "…";
        }
        return "FAILED: " + file + " line " + firstBadLine + ": " + problem + " (" + records
                + (records == 1 ? " record" : " records") + " verified before it)";
    }
}
