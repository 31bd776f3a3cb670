package io.genieproxy.redaction;

/**
 * Canadian Social Insurance Numbers: nine Luhn-valid digits not starting with 0 or 8, written
 * {@code 130 692 544} / {@code 130-692-544}, or bare after a context word (SIN, social insurance).
 */
public final class CanadianSinDetector extends GroupedNumberDetector {
    private static final ContextWords CONTEXT = new ContextWords("sin", "social insurance", "nas");

    public CanadianSinDetector() {
        super(9);
    }

    @Override
    public PiiCategory category() {
        return PiiCategory.CA_SIN;
    }

    @Override
    boolean accepts(String text, String contextHint, DigitGroups run, int from, int to) {
        boolean formatted = run.hasLayout(from, to, 3, 3, 3);
        boolean bare = run.hasLayout(from, to, 9);
        if (!formatted && !(bare && CONTEXT.isPresent(text, run.starts[from], contextHint))) {
            return false;
        }
        String nine = run.digits(text, from, to);
        char first = nine.charAt(0);
        return first != '0' && first != '8' && !Checksums.isAllSameDigit(nine) && Checksums.isLuhnValid(nine);
    }
}
