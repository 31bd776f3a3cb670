package io.genieproxy.redaction;

import java.util.List;

/**
 * International Bank Account Numbers: a registered country code, the exact length the SWIFT IBAN
 * registry gives that country, and a valid ISO 7064 mod-97 check; written solid or in groups of four
 * separated by spaces or by dashes, in either case.
 */
public final class IbanDetector implements Detector {
    /** IBAN length per country, from the SWIFT IBAN registry, indexed by {@link #index}; 0 for no IBAN. */
    private static final int[] LENGTHS = lengths(
            "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28"
            + " EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26"
            + " IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28"
            + " NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25"
            + " SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30");

    /** The longest IBAN any country has. */
    private static final int MAX_LENGTH = 34;

    private static int[] lengths(String table) {
        int[] lengths = new int[26 * 26];
        for (String entry : table.split(" ")) {
            lengths[index(entry.charAt(0), entry.charAt(1))] = Integer.parseInt(entry.substring(2));
        }
        return lengths;
    }

    /** The table slot of a two-letter country code, both letters upper case. */
    private static int index(char c0, char c1) {
        return (c0 - 'A') * 26 + (c1 - 'A');
    }

    @Override
    public PiiCategory category() {
        return PiiCategory.IBAN;
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        return profile.length() >= 15 && profile.hasIbanLead();
    }

    @Override
    public void detect(String text, String contextHint, List<Finding> out) {
        int n = text.length();
        char[] iban = null;
        for (int i = 0; i + 15 <= n; i++) {
            if (!Chars.isDigit(text.charAt(i + 2)) || Chars.isAlnumAt(text, i - 1)) {
                continue;
            }
            char c0 = upper(text.charAt(i));
            if (c0 < 'A' || c0 > 'Z') {
                continue;
            }
            char c1 = upper(text.charAt(i + 1));
            if (c1 < 'A' || c1 > 'Z' || !Chars.isDigit(text.charAt(i + 2)) || !Chars.isDigit(text.charAt(i + 3))) {
                continue;
            }
            int expected = LENGTHS[index(c0, c1)];
            if (expected == 0) {
                continue;
            }
            if (iban == null) {
                iban = new char[MAX_LENGTH];
            }
            int end = collect(text, i, expected, iban);
            if (end > 0 && !Chars.isAlnumAt(text, end) && Checksums.isIbanMod97Valid(iban, expected)) {
                out.add(new Finding(PiiCategory.IBAN, i, end));
                i = end;
            }
        }
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }

    /**
     * Collects {@code length} IBAN characters from {@code start}, allowing one space or one dash at every
     * group-of-four boundary if the first boundary has it, upper-cased into {@code iban}; returns the end index or -1.
     */
    private static int collect(String text, int start, int length, char[] iban) {
        int n = text.length();
        if (start + length > n) {
            return -1;
        }
        // The separator between groups of four, decided at the first boundary: a space, a dash, or none.
        char first = text.charAt(start + 4);
        char separator = first == ' ' || first == '-' ? first : 0;
        int i = start;
        for (int collected = 0; collected < length; collected++) {
            if (collected > 0 && (collected & 3) == 0) {
                char at = i < n ? text.charAt(i) : 0;
                boolean separated = at == ' ' || at == '-';
                if (separated ? at != separator : separator != 0) {
                    return -1;
                }
                if (separated) {
                    i++;
                }
            }
            if (i >= n) {
                return -1;
            }
            char c = upper(text.charAt(i));
            if (!Chars.isDigit(c) && (c < 'A' || c > 'Z')) {
                return -1;
            }
            iban[collected] = c;
            i++;
        }
        return i;
    }
}
