package io.genieproxy.redaction;

/** One pass over a text's characters, read by every detector to decline cheaply: counts, digit-run shapes and word starts. */
public final class TextProfile {
    /** The bits of {@link #shapes}, one per shape an accessor below tells. */
    private static final int DOUBLE_COLON = 1 << 0;
    private static final int PLUS_BEFORE_DIGIT = 1 << 1;
    private static final int DOUBLE_ZERO_LEAD = 1 << 2;
    private static final int NORTH_AMERICAN_SHAPE = 1 << 3;
    private static final int SSN_SHAPE = 1 << 4;
    private static final int NINE_DIGIT_RUN = 1 << 5;
    private static final int IBAN_LEAD = 1 << 6;
    private static final int DOTTED_QUAD_SHAPE = 1 << 7;
    private static final int ENCODED_AT = 1 << 8;
    private static final int BRACKETED_AT = 1 << 9;
    private static final int DOTTED_SSN_SHAPE = 1 << 10;
    private static final int DOTTED_CARD_SHAPE = 1 << 11;

    /** Scratch copy of a {@link String} being measured, reused from text to text. */
    private char[] scratch = new char[64];

    private int digits;
    private int letters;
    private int upperLetters;
    private int ats;
    private int colons;
    private int dots;
    private int length;
    private int longestGroupedDigits;
    /** The shapes found, one bit each. */
    private int shapes;
    private long letterPairs;

    /** A profile to fill with {@link #measure}; one per body, reused for each text. */
    TextProfile() {
    }

    public static TextProfile of(String text) {
        TextProfile profile = new TextProfile();
        profile.measure(text);
        return profile;
    }

    /** Measures {@code text}, replacing what was measured before. */
    void measure(String text) {
        int n = text.length();
        if (scratch.length < n) {
            scratch = new char[Math.max(n, scratch.length * 2)];
        }
        text.getChars(0, n, scratch, 0);
        measure(scratch, 0, n);
    }

    /** Measures {@code text[from, to)}, replacing what was measured before. */
    void measure(char[] text, int from, int to) {
        // Counts and shapes are kept in locals and stored at the end, so the loop works in registers.
        int digitCount = 0;
        int letterCount = 0;
        int upperCount = 0;
        int atCount = 0;
        int colonCount = 0;
        int dotCount = 0;
        int longestGrouped = 0;
        boolean hasDoubleColon = false;
        boolean hasPlusBeforeDigit = false;
        boolean hasDoubleZeroLead = false;
        boolean hasNorthAmericanShape = false;
        boolean hasSsnShape = false;
        boolean hasNineDigitRun = false;
        boolean hasIbanLead = false;
        boolean hasDottedQuadShape = false;
        boolean hasEncodedAt = false;
        boolean hasBracketedAt = false;
        boolean hasDottedSsnShape = false;
        boolean hasDottedCardShape = false;
        int dottedFours = 0;
        long pairs = 0;
        // The digit runs seen so far: where the last one ended, the lengths of the last two and the characters joining them.
        int previousEnd = -2;
        int previousLength = 0;
        int secondPreviousLength = 0;
        char previousJoin = 0;
        int groupedTotal = 0;
        char groupSeparator = 0;
        int dottedShortRuns = 0;
        // The last run of letters.
        int lettersStart = -1;
        int lettersEnd = -1;
        int i = from;
        while (i < to) {
            char c = text[i];
            if (c >= '0' && c <= '9') {
                int start = i;
                do {
                    i++;
                } while (i < to && text[i] >= '0' && text[i] <= '9');
                int run = i - start;
                digitCount += run;
                boolean gluedToWord = lettersEnd == start || (start > from && text[start - 1] == '_');
                char join = start == previousEnd + 1 ? text[previousEnd] : 0;
                // Grouped runs exactly as DigitGroups.find forms them: one consistent space or dash between groups; where
                // the separator changes, the previous group starts a run of its own.
                boolean joined = groupedTotal > 0 && (join == ' ' || join == '-');
                if (joined && (groupSeparator == 0 || groupSeparator == join)) {
                    groupSeparator = join;
                    groupedTotal += run;
                } else if (joined) {
                    groupSeparator = join;
                    groupedTotal = previousLength + run;
                } else if (!gluedToWord) {
                    groupSeparator = 0;
                    groupedTotal = run;
                } else {
                    groupedTotal = 0;
                }
                longestGrouped = Math.max(longestGrouped, groupedTotal);
                dottedFours = run == 4 ? (join == '.' && dottedFours > 0 ? dottedFours + 1 : 1) : 0;
                hasDottedCardShape |= dottedFours == 4;
                if (run <= 3) {
                    dottedShortRuns = join == '.' && dottedShortRuns > 0 ? dottedShortRuns + 1 : 1;
                    hasDottedQuadShape |= dottedShortRuns >= 4;
                } else {
                    dottedShortRuns = 0;
                    if (run == 4 && join != 0) {
                        hasNorthAmericanShape |= previousLength == 3 && (join == '-' || join == '.' || join == ' ');
                        hasSsnShape |= previousLength == 2 && secondPreviousLength == 3 && (join == ' ' || join == '-')
                                && join == previousJoin;
                        hasDottedSsnShape |= previousLength == 2 && secondPreviousLength == 3 && join == '.' && previousJoin == '.';
                    } else if (run == 9) {
                        hasNineDigitRun = true;
                    }
                }
                if (run >= 2) {
                    if (text[start] == '0' && text[start + 1] == '0' && !gluedToWord && hasPhoneLeftBoundary(text, from, start)) {
                        hasDoubleZeroLead = true;
                    }
                    if (lettersEnd == start && start - lettersStart == 2 && (lettersStart == from || !Chars.isAlnum(text[lettersStart - 1]))) {
                        hasIbanLead = true;
                    }
                }
                secondPreviousLength = join == 0 ? 0 : previousLength;
                previousLength = run;
                previousJoin = join;
                previousEnd = i;
                continue;
            }
            if ((char) ((c | 0x20) - 'a') < 26) {
                lettersStart = i;
                pairs |= i + 1 < to ? pairsStartingWith(c, text[i + 1]) : 0;
                do {
                    upperCount += (~c >> 5) & 1;
                    i++;
                } while (i < to && (char) (((c = text[i]) | 0x20) - 'a') < 26);
                lettersEnd = i;
                letterCount += i - lettersStart;
                hasBracketedAt |= i - lettersStart == 2 && Chars.isBracketedAt(text, lettersStart, from, to);
                continue;
            }
            if (c == '.') {
                dotCount++;
            } else if (c == '@') {
                atCount++;
            } else if (c == ':') {
                colonCount++;
                hasDoubleColon |= i > from && text[i - 1] == ':';
            } else if (c == '+') {
                hasPlusBeforeDigit |= i + 1 < to && Chars.isDigit(text[i + 1]);
            } else if (c == '%') {
                hasEncodedAt |= i + 2 < to && text[i + 1] == '4' && text[i + 2] == '0';
            }
            i++;
        }
        digits = digitCount;
        letters = letterCount;
        upperLetters = upperCount;
        ats = atCount;
        colons = colonCount;
        dots = dotCount;
        length = to - from;
        longestGroupedDigits = longestGrouped;
        shapes = (hasDoubleColon ? DOUBLE_COLON : 0) | (hasPlusBeforeDigit ? PLUS_BEFORE_DIGIT : 0)
                | (hasDoubleZeroLead ? DOUBLE_ZERO_LEAD : 0) | (hasNorthAmericanShape ? NORTH_AMERICAN_SHAPE : 0)
                | (hasSsnShape ? SSN_SHAPE : 0) | (hasNineDigitRun ? NINE_DIGIT_RUN : 0) | (hasIbanLead ? IBAN_LEAD : 0)
                | (hasDottedQuadShape ? DOTTED_QUAD_SHAPE : 0) | (hasEncodedAt ? ENCODED_AT : 0)
                | (hasBracketedAt ? BRACKETED_AT : 0) | (hasDottedSsnShape ? DOTTED_SSN_SHAPE : 0)
                | (hasDottedCardShape ? DOTTED_CARD_SHAPE : 0);
        letterPairs = pairs;
    }

    /** The left boundary a phone candidate needs: not glued to a word, nor the tail of a dashed, dotted or slashed chain. */
    private static boolean hasPhoneLeftBoundary(char[] text, int from, int start) {
        if (start == from) {
            return true;
        }
        char before = text[start - 1];
        if (Chars.isAlnum(before)) {
            return false;
        }
        return !((before == '-' || before == '.' || before == '/' || before == '+') && start - from >= 2
                && Chars.isAlnum(text[start - 2]));
    }

    /**
     * The bits of {@link #letterPairs} a word starting with the letter {@code first} followed by {@code second} sets:
     * one bit for two ASCII letters, every bit when {@code second} is not ASCII (case-insensitive matching may fold
     * it to a letter), none otherwise.
     */
    static long pairsStartingWith(char first, char second) {
        if (Chars.isLetter(second)) {
            return 1L << ((((first | 0x20) - 'a') * 26 + ((second | 0x20) - 'a')) & 63);
        }
        return second >= 0x80 ? -1L : 0;
    }

    /** A hash of every value {@link #measure} sets, for {@link #hasSameValues}. */
    int valuesHash() {
        int hash = digits;
        hash = hash * 31 + letters;
        hash = hash * 31 + upperLetters;
        hash = hash * 31 + ats;
        hash = hash * 31 + colons;
        hash = hash * 31 + dots;
        hash = hash * 31 + length;
        hash = hash * 31 + longestGroupedDigits;
        hash = hash * 31 + shapes;
        hash = hash * 31 + Long.hashCode(letterPairs);
        return hash ^ (hash >>> 16);
    }

    /** Whether {@code other} holds the same values as this profile: any answer read from one is the other's too. */
    boolean hasSameValues(TextProfile other) {
        return digits == other.digits && letters == other.letters && upperLetters == other.upperLetters && ats == other.ats
                && colons == other.colons && dots == other.dots && length == other.length
                && longestGroupedDigits == other.longestGroupedDigits && shapes == other.shapes
                && letterPairs == other.letterPairs;
    }

    /** Copies every value {@link #measure} sets from {@code other}. */
    void copyValues(TextProfile other) {
        digits = other.digits;
        letters = other.letters;
        upperLetters = other.upperLetters;
        ats = other.ats;
        colons = other.colons;
        dots = other.dots;
        length = other.length;
        longestGroupedDigits = other.longestGroupedDigits;
        shapes = other.shapes;
        letterPairs = other.letterPairs;
    }

    public int digits() {
        return digits;
    }

    public int letters() {
        return letters;
    }

    public int upperLetters() {
        return upperLetters;
    }

    public int ats() {
        return ats;
    }

    public int colons() {
        return colons;
    }

    public int dots() {
        return dots;
    }

    public int length() {
        return length;
    }

    /**
     * Digits in the longest run of digit groups joined by one consistent single space or dash and not glued to a
     * word on the left ({@code 4111 1111 ...}, {@code 123-45-6789}): the runs {@link DigitGroups#find} returns.
     */
    public int longestGroupedDigits() {
        return longestGroupedDigits;
    }

    /** Whether the text contains {@code ::}, which every compressed IPv6 address has. */
    public boolean hasDoubleColon() {
        return (shapes & DOUBLE_COLON) != 0;
    }

    /** Whether a {@code +} is directly followed by a digit, as every international phone number starts. */
    public boolean hasPlusBeforeDigit() {
        return (shapes & PLUS_BEFORE_DIGIT) != 0;
    }

    /** Whether a digit run starting {@code 00} stands where a phone number may start (the international prefix). */
    public boolean hasDoubleZeroLead() {
        return (shapes & DOUBLE_ZERO_LEAD) != 0;
    }

    /** Whether a run of three digits and a run of four are joined by one dash, dot or space, as North American numbers end. */
    public boolean hasNorthAmericanShape() {
        return (shapes & NORTH_AMERICAN_SHAPE) != 0;
    }

    /** Whether runs of three, two and four digits are joined by one consistent space or dash ({@code 123-45-6789}). */
    public boolean hasSsnShape() {
        return (shapes & SSN_SHAPE) != 0;
    }

    /** Whether a run of exactly nine digits occurs. */
    public boolean hasNineDigitRun() {
        return (shapes & NINE_DIGIT_RUN) != 0;
    }

    /** Whether two letters, not glued to a word on the left, are followed by two digits, as every IBAN starts. */
    public boolean hasIbanLead() {
        return (shapes & IBAN_LEAD) != 0;
    }

    /** Whether four runs of one to three digits are joined by single dots, as in every dotted-quad IPv4 address. */
    public boolean hasDottedQuadShape() {
        return (shapes & DOTTED_QUAD_SHAPE) != 0;
    }

    /** Whether {@code %40}, a percent-encoded {@code @}, occurs. */
    public boolean hasEncodedAt() {
        return (shapes & ENCODED_AT) != 0;
    }

    /** Whether runs of three, two and four digits are joined by single dots ({@code 536.22.1234}). */
    public boolean hasDottedSsnShape() {
        return (shapes & DOTTED_SSN_SHAPE) != 0;
    }

    /** Whether four runs of four digits are joined by single dots ({@code 4111.1111.1111.1111}). */
    public boolean hasDottedCardShape() {
        return (shapes & DOTTED_CARD_SHAPE) != 0;
    }

    /** Whether {@code at} occurs in brackets, as an address is spelled out to hide it ({@code jane(at)example.com}). */
    public boolean hasBracketedAt() {
        return (shapes & BRACKETED_AT) != 0;
    }

    /** Bits of the first two characters of each run of letters (see {@link #pairsStartingWith}), for {@link ContextWords}. */
    public long letterPairs() {
        return letterPairs;
    }
}
