package io.genieproxy.redaction;

import java.util.List;

/**
 * Payment card numbers (PANs): 13 to 19 digits, unseparated or in the printed groupings (4-4-4-4,
 * 4-6-5, 4-6-4, 4-4-4-4-3, and 4.4.4.4 with dots), Luhn-valid, inside a known issuer's IIN range and length.
 */
public final class PaymentCardDetector extends GroupedNumberDetector {

    public PaymentCardDetector() {
        super(13);
    }

    @Override
    public PiiCategory category() {
        return PiiCategory.PAYMENT_CARD;
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return super.mayMatch(profile, contextHint) || profile.hasDottedCardShape();
    }

    @Override
    void detectDotted(String text, String contextHint, List<Finding> out) {
        for (int[] span : DottedNumbers.find(text, 4, 4, 4, 4)) {
            String pan = DottedNumbers.digits(text, span[0], span[1]);
            if (!Checksums.isAllSameDigit(pan) && Checksums.isLuhnValid(pan) && isKnownIssuer(Integer.parseInt(pan, 0, 6, 10), 16)) {
                out.add(new Finding(PiiCategory.PAYMENT_CARD, span[0], span[1]));
            }
        }
    }

    @Override
    boolean accepts(String text, String contextHint, DigitGroups run, int from, int to) {
        int digits = run.digitCount(from, to);
        if (digits > 19 || !hasCardLayout(run, from, to)) {
            return false;
        }
        CharSequence pan = run.digitSequence(text, from, to);
        return !Checksums.isAllSameDigit(pan) && Checksums.isLuhnValid(pan)
                && isKnownIssuer(run.leadingValue(text, from, to, 6), digits);
    }

    private static boolean hasCardLayout(DigitGroups run, int from, int to) {
        int groups = to - from;
        if (groups == 1) {
            return true;
        }
        if (run.hasLayout(from, to, 4, 6, 5) || run.hasLayout(from, to, 4, 6, 4)) {
            return true;
        }
        for (int g = from; g < to - 1; g++) {
            if (run.length(g) != 4) {
                return false;
            }
        }
        int last = run.length(to - 1);
        return last >= 1 && last <= 4;
    }

    /**
     * Whether a PAN of {@code len} digits starting with the six digits {@code first6} belongs to a card scheme that
     * issues PANs (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir).
     */
    static boolean isKnownIssuer(int first6, int len) {
        int p1 = first6 / 100_000;
        int p2 = first6 / 10_000;
        int p3 = first6 / 1_000;
        int p4 = first6 / 100;
        int p6 = first6;
        boolean long16to19 = len >= 16 && len <= 19;
        if (p1 == 4) {
            return len == 13 || len == 16 || len == 19;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return len == 16;
        }
        if (p2 == 34 || p2 == 37) {
            return len == 15;
        }
        if (p4 >= 2200 && p4 <= 2204) {
            return long16to19;
        }
        if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
            return long16to19;
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return long16to19;
        }
        if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) {
            return len >= 14 && len <= 19;
        }
        if (p2 == 62) {
            return long16to19;
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
            return len >= 12;
        }
        return false;
    }
}
