package io.genieproxy.redaction;

/**
 * ABA routing transit numbers: nine digits with a Federal Reserve prefix (00-12, 21-32, 61-72, 80) and
 * a valid checksum, reported only near a context word (routing, ABA, RTN, transit) since nine digits
 * alone are too common.
 */
public final class AbaRoutingDetector extends GroupedNumberDetector {
    private static final ContextWords CONTEXT = new ContextWords("routing", "aba", "rtn", "transit");

    public AbaRoutingDetector() {
        super(9);
    }

    @Override
    public PiiCategory category() {
        return PiiCategory.ABA_ROUTING;
    }

    @Override
    boolean accepts(String text, String contextHint, DigitGroups run, int from, int to) {
        if (!run.hasLayout(from, to, 9) || !CONTEXT.isPresent(text, run.starts[from], contextHint)) {
            return false;
        }
        String nine = run.digits(text, from, to);
        int prefix = Integer.parseInt(nine, 0, 2, 10);
        boolean knownPrefix = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix == 80;
        return knownPrefix && !Checksums.isAllSameDigit(nine) && Checksums.isAbaValid(nine);
    }
}
