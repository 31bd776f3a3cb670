package io.genieproxy.redaction;

import java.util.List;

/**
 * Base for detectors of numbers written as digit groups (cards, SSNs, SINs, routing and NHS numbers):
 * finds the runs, tries the whole run or, when space-separated, its slices, longest first.
 */
abstract class GroupedNumberDetector implements Detector {
    private final int minDigits;

    GroupedNumberDetector(int minDigits) {
        this.minDigits = minDigits;
    }

    /**
     * Whether groups {@code from..to} are written like an SSN ({@code 3-2-4}), or are nine bare digits
     * that a context word vouches for (shared by the SSN and ITIN detectors).
     */
    static boolean hasSsnLayout(String text, String contextHint, DigitGroups run, int from, int to, ContextWords context) {
        return run.hasLayout(from, to, 3, 2, 4)
                || (run.hasLayout(from, to, 9) && context.isPresent(text, run.starts[from], contextHint));
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return profile.longestGroupedDigits() >= minDigits && mayHaveLayout(profile, contextHint);
    }

    /** A cheap test of the profile for the layouts this category accepts; {@code false} means none can be there. */
    boolean mayHaveLayout(TextProfile profile, String contextHint) {
        return true;
    }

    /** Whether {@link #hasSsnLayout} may hold anywhere in the profiled text. */
    static boolean mayHaveSsnLayout(TextProfile profile, String contextHint, ContextWords context) {
        return profile.hasSsnShape()
                || (profile.hasNineDigitRun() && (context.mayAppearIn(profile) || context.isInHint(contextHint)));
    }

    @Override
    public final void detect(String text, String contextHint, List<Finding> out) {
        detect(text, contextHint, DigitGroups.find(text, minDigits), out);
    }

    @Override
    public final void detect(String text, String contextHint, ScanMemo memo, List<Finding> out) {
        List<DigitGroups> runs = minDigits >= DigitGroups.SHARED_MIN_DIGITS ? memo.digitGroups(text) : DigitGroups.find(text, minDigits);
        detect(text, contextHint, runs, out);
    }

    /** Values written in a dotted layout this category accepts (see {@link DottedNumbers}); none unless a subclass says. */
    void detectDotted(String text, String contextHint, List<Finding> out) {
    }

    private void detect(String text, String contextHint, List<DigitGroups> runs, List<Finding> out) {
        detectDotted(text, contextHint, out);
        for (DigitGroups run : runs) {
            if (run.totalDigits < minDigits) {
                continue;
            }
            if (!run.allowsSlices()) {
                if (run.isStandalone(text, 0, run.count) && accepts(text, contextHint, run, 0, run.count)) {
                    out.add(new Finding(category(), run.starts[0], run.ends[run.count - 1]));
                }
                continue;
            }
            int from = 0;
            while (from < run.count) {
                int matchedTo = -1;
                for (int to = run.count; to > from; to--) {
                    if (run.digitCount(from, to) >= minDigits && run.isStandalone(text, from, to)
                            && accepts(text, contextHint, run, from, to)) {
                        matchedTo = to;
                        break;
                    }
                }
                if (matchedTo > 0) {
                    out.add(new Finding(category(), run.starts[from], run.ends[matchedTo - 1]));
                    from = matchedTo;
                } else {
                    from++;
                }
            }
        }
    }

    /** Whether groups {@code [from, to)} of the run are a valid value of this category. */
    abstract boolean accepts(String text, String contextHint, DigitGroups run, int from, int to);
}
