package io.genieproxy.simulator;

import java.math.BigInteger;
import java.util.Locale;

/** Check-digit and validity rules the sample data is built with: Luhn, IBAN mod-97 and SSA SSN rules. */
public final class CheckDigits {
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private CheckDigits() {
    }

    /** The Luhn digit to append to {@code payload} (digits only) so the whole passes the Luhn check. */
    public static int luhnCheckDigit(String payload) {
        int sum = 0;
        boolean doubleIt = true;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    /** Whether the digits of {@code number} (separators ignored) pass the Luhn check. */
    public static boolean isLuhnValid(String number) {
        String digits = number.replaceAll("[ -]", "");
        if (digits.length() < 2 || !digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return luhnCheckDigit(digits.substring(0, digits.length() - 1)) == digits.charAt(digits.length() - 1) - '0';
    }

    /** The two IBAN check digits for a country code and BBAN. */
    public static String ibanCheckDigits(String country, String bban) {
        int remainder = mod97(bban + country + "00");
        return String.format(Locale.ROOT, "%02d", 98 - remainder);
    }

    /** Whether an IBAN (spaces ignored) has a correct ISO 13616 mod-97 checksum. */
    public static boolean isIbanValid(String iban) {
        String compact = iban.replace(" ", "").toUpperCase(Locale.ROOT);
        if (compact.length() < 15 || compact.length() > 34 || !compact.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]+")) {
            return false;
        }
        return mod97(compact.substring(4) + compact.substring(0, 4)) == 1;
    }

    private static int mod97(String alphanumeric) {
        StringBuilder digits = new StringBuilder();
        for (char c : alphanumeric.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue();
    }

    /**
     * Whether a {@code AAA-GG-SSSS} number follows SSA rules: area not 000, 666 or 9xx, group not 00,
     * serial not 0000, and not one of the well-known advertising numbers.
     */
    public static boolean isSsnValid(String ssn) {
        if (!ssn.matches("\\d{3}-\\d{2}-\\d{4}")) {
            return false;
        }
        int area = Integer.parseInt(ssn.substring(0, 3));
        int group = Integer.parseInt(ssn.substring(4, 6));
        int serial = Integer.parseInt(ssn.substring(7));
        boolean advertising = ssn.equals("078-05-1120") || ssn.equals("219-09-9999") || ssn.equals("123-45-6789");
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 && !advertising;
    }
}
