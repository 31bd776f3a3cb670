package io.genieproxy.redaction;

/**
 * NHS numbers (England, Wales, Isle of Man): ten digits with a valid mod-11 check digit, written
 * {@code 943 476 5919} / {@code 943-476-5919}, or bare after a context word (NHS).
 */
public final class NhsNumberDetector extends GroupedNumberDetector {
    private static final ContextWords CONTEXT = new ContextWords("nhs");

    public NhsNumberDetector() {
        super(10);
    }

    @Override
    public PiiCategory category() {
        return PiiCategory.NHS_NUMBER;
    }

    @Override
    boolean accepts(String text, String contextHint, DigitGroups run, int from, int to) {
        boolean formatted = run.hasLayout(from, to, 3, 3, 4);
        boolean bare = run.hasLayout(from, to, 10);
        if (!formatted && !(bare && CONTEXT.isPresent(text, run.starts[from], contextHint))) {
            return false;
        }
        String ten = run.digits(text, from, to);
        return !Checksums.isAllSameDigit(ten) && Checksums.isNhsValid(ten);
    }
}
