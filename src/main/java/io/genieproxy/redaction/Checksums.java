package io.genieproxy.redaction;

/** The check-digit algorithms that turn a digit pattern into a validated value (Luhn, ISO 7064 mod-97, ABA, NHS mod-11). */
final class Checksums {
    private Checksums() {
    }

    /** Luhn (ISO/IEC 7812-1) over a string of ASCII digits. */
    static boolean isLuhnValid(CharSequence digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /**
     * ISO 13616 / ISO 7064 mod 97-10 over the first {@code n} characters of {@code iban}, an IBAN without separators
     * (letters A-Z, digits): the first four characters moved to the end, letters as two digits each. The remainder
     * is reduced only when it grows large, which gives the same result as reducing after every character.
     */
    static boolean isIbanMod97Valid(char[] iban, int n) {
        long remainder = 0;
        for (int k = 0; k < n; k++) {
            char c = iban[k + 4 < n ? k + 4 : k + 4 - n];
            if (c >= '0' && c <= '9') {
                remainder = remainder * 10 + (c - '0');
            } else if (c >= 'A' && c <= 'Z') {
                remainder = remainder * 100 + (c - 'A' + 10);
            } else {
                return false;
            }
            if (remainder >= 1_000_000_000_000_000L) {
                remainder %= 97;
            }
        }
        return remainder % 97 == 1;
    }

    /** ABA routing transit number check: 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) ≡ 0 mod 10. */
    static boolean isAbaValid(CharSequence nine) {
        int[] weights = {3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nine.charAt(i) - '0') * weights[i % 3];
        }
        return sum % 10 == 0;
    }

    /** NHS number check: weights 10..2 over the first nine digits, check digit 11 - (sum mod 11), 10 is invalid. */
    static boolean isNhsValid(CharSequence ten) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (ten.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == ten.charAt(9) - '0';
    }

    static boolean isAllSameDigit(CharSequence digits) {
        for (int i = 1; i < digits.length(); i++) {
            if (digits.charAt(i) != digits.charAt(0)) {
                return false;
            }
        }
        return true;
    }
}
