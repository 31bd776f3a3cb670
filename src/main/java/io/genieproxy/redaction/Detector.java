package io.genieproxy.redaction;

import java.util.List;

/** Finds the values of one {@link PiiCategory} in a text, validating each candidate (checksums, ranges, metadata). */
public interface Detector {

    PiiCategory category();

    /**
     * A cheap test on the text's character profile and the hint; {@code false} means {@link #detect} could find
     * nothing with that hint. It lets the scanner skip most cells of a query result without looking at them twice.
     * It must read nothing but the profile's values and the hint: the scanner reuses its answer for equal ones.
     */
    boolean mayMatch(TextProfile profile, String contextHint);

    /**
     * Adds every value found in {@code text} to {@code out}.
     *
     * @param contextHint extra context that counts as if it preceded every candidate (a column name), may be empty
     */
    void detect(String text, String contextHint, List<Finding> out);

    /**
     * Like {@link #detect(String, String, List)}, remembering costly validations in {@code memo}, which
     * belongs to one body; detectors with nothing worth remembering ignore it.
     */
    default void detect(String text, String contextHint, ScanMemo memo, List<Finding> out) {
        detect(text, contextHint, out);
    }
}
