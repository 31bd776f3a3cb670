package io.genieproxy.redaction;

/**
 * US Individual Taxpayer Identification Numbers: area 9xx with group 50-65, 70-88, 90-92 or 94-99,
 * formatted like an SSN, or nine bare digits after a context word (ITIN, taxpayer).
 */
public final class UsItinDetector extends GroupedNumberDetector {
    private static final ContextWords CONTEXT = new ContextWords("itin", "taxpayer", "tax id");

    public UsItinDetector() {
        super(9);
    }

    @Override
    public PiiCategory category() {
        return PiiCategory.US_ITIN;
    }

    @Override
    boolean mayHaveLayout(TextProfile profile, String contextHint) {
        return mayHaveSsnLayout(profile, contextHint, CONTEXT);
    }

    @Override
    boolean accepts(String text, String contextHint, DigitGroups run, int from, int to) {
        if (!hasSsnLayout(text, contextHint, run, from, to, CONTEXT)) {
            return false;
        }
        long nine = run.value(text, from, to);
        long group = nine / 10_000 % 100;
        return nine / 100_000_000 == 9
                && ((group >= 50 && group <= 65) || (group >= 70 && group <= 88)
                || (group >= 90 && group <= 92) || group >= 94);
    }
}
