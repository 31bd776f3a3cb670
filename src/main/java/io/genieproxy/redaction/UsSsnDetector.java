package io.genieproxy.redaction;

import java.util.List;

/**
 * US Social Security numbers under the SSA's rules: area not 000, 666 or 900-999; group not 00;
 * serial not 0000; written {@code 123-45-6789} or {@code 123 45 6789}, or as nine bare digits or
 * {@code 123.45.6789} only after a context word (SSN, social security) or in a column whose name says so.
 *
 * <p>The two numbers the SSA voided after they were printed on sample cards and in advertising,
 * 078-05-1120 and 219-09-9999, are not reported. 123-45-6789 is reported: it is a valid pattern, it is
 * the first value anyone tests a redactor with, and failing closed on a sample costs nothing.
 */
public final class UsSsnDetector extends GroupedNumberDetector {
    private static final ContextWords CONTEXT = new ContextWords("ssn", "social security", "soc sec", "ss#", "ss #");

    public UsSsnDetector() {
        super(9);
    }

    @Override
    public PiiCategory category() {
        return PiiCategory.US_SSN;
    }

    @Override
    boolean mayHaveLayout(TextProfile profile, String contextHint) {
        return mayHaveSsnLayout(profile, contextHint, CONTEXT);
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return super.mayMatch(profile, contextHint)
                || (profile.hasDottedSsnShape() && (CONTEXT.mayAppearIn(profile) || CONTEXT.isInHint(contextHint)));
    }

    @Override
    void detectDotted(String text, String contextHint, List<Finding> out) {
        for (int[] span : DottedNumbers.find(text, 3, 2, 4)) {
            if (CONTEXT.isPresent(text, span[0], contextHint) && isValid(Long.parseLong(DottedNumbers.digits(text, span[0], span[1])))) {
                out.add(new Finding(PiiCategory.US_SSN, span[0], span[1]));
            }
        }
    }

    @Override
    boolean accepts(String text, String contextHint, DigitGroups run, int from, int to) {
        if (!hasSsnLayout(text, contextHint, run, from, to, CONTEXT)) {
            return false;
        }
        return isValid(run.value(text, from, to));
    }

    /** Whether nine digits, read as one number, pass the SSA's rules. */
    static boolean isValid(long nine) {
        long area = nine / 1_000_000;
        long group = nine / 10_000 % 100;
        long serial = nine % 10_000;
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return false;
        }
        return nine != 78_051_120L && nine != 219_099_999L;
    }
}
