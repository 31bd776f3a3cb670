package io.genieproxy.redaction;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** The substrings a detector or scanner reports for a text, so tests can state them literally. */
final class DetectedValues {
    private DetectedValues() {
    }

    static List<String> of(PiiCategory category, String text) {
        return of(category, text, "");
    }

    static List<String> of(PiiCategory category, String text, String contextHint) {
        List<Finding> findings = new ArrayList<>();
        Detector detector = PiiScanner.detectorFor(category);
        if (detector.mayMatch(TextProfile.of(text), contextHint)) {
            detector.detect(text, contextHint, findings);
        }
        List<String> values = new ArrayList<>();
        for (Finding finding : findings) {
            values.add(text.substring(finding.start(), finding.end()));
        }
        return values;
    }

    /** What the core scanner reports, as {@code CATEGORY:value}. */
    static List<String> scanned(String text) {
        List<String> values = new ArrayList<>();
        EnumSet<PiiCategory> core = EnumSet.noneOf(PiiCategory.class);
        for (PiiCategory category : PiiCategory.values()) {
            if (category.isCore()) {
                core.add(category);
            }
        }
        for (Finding finding : new PiiScanner(core).scan(text, "")) {
            values.add(finding.category() + ":" + text.substring(finding.start(), finding.end()));
        }
        return values;
    }
}
