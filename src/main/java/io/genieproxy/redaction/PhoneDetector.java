package io.genieproxy.redaction;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.List;

/**
 * Telephone numbers, validated against libphonenumber's metadata with {@code isValidNumber}.
 *
 * <p>Three ways in, from strongest to weakest evidence: an international number ({@code +CC} or
 * {@code 00CC}) is accepted anywhere; a US number written in a North American layout
 * ({@code (202) 555-0123}, {@code 202-555-0123}, {@code 1 202 555 0123}) is accepted anywhere; any
 * other national layout or run of bare digits only near a context word (phone, tel, mobile, call,
 * fax...) or in a column named for it, tried against a list of common regions. Dates, decimal amounts,
 * dotted quads and numbers glued to letters or ids (UUIDs, order numbers, versions) are never
 * candidates. A trailing extension ({@code ext. 123}, {@code x123}, {@code #123}) is part of the finding.
 */
public final class PhoneDetector implements Detector {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final ContextWords CONTEXT = new ContextWords(
            "phone", "tel", "mobile", "cell", "call", "fax", "contact", "whatsapp", "sms", "ph.", "ph:", "hotline", "dial");
    /** Regions tried, in order, for a national number that has context but no country code. */
    private static final List<String> CONTEXT_REGIONS = List.of(
            "US", "GB", "DE", "FR", "IN", "AU", "CA", "ES", "IT", "NL", "BR", "MX", "JP", "IE", "CH", "SE", "BE",
            "AT", "PL", "SG", "ZA", "NZ");
    /** Whether each number below 1000 is a calling code libphonenumber supports. */
    private static final boolean[] CALLING_CODES = callingCodes();
    /** Whether each number below 1000 is a calling code shared by more than one region ({@code +1}, {@code +44}, {@code +7}...). */
    private static final boolean[] SHARED_CALLING_CODES = sharedCallingCodes();
    /** Whether each number below 1000 is a calling code whose main region dials a trunk {@code 0} at home ({@code +44}, {@code +49}). */
    private static final boolean[] TRUNK_ZERO_CODES = trunkZeroCodes();
    /** The most space-separated chunks of one candidate that are sliced into sub-candidates. */
    static final int MAX_CHUNKS = 8;
    /** Compiled patterns of each calling code's main region, filled on first use; entries are immutable, so a race only compiles one twice. */
    private static final RegionNumberPatterns[] MAIN_REGION_PATTERNS = new RegionNumberPatterns[1000];

    private static boolean[] callingCodes() {
        boolean[] codes = new boolean[1000];
        for (int code : PHONES.getSupportedCallingCodes()) {
            if (code > 0 && code < codes.length) {
                codes[code] = true;
            }
        }
        return codes;
    }

    private static boolean[] sharedCallingCodes() {
        boolean[] codes = new boolean[1000];
        for (int code : PHONES.getSupportedCallingCodes()) {
            if (code > 0 && code < codes.length) {
                codes[code] = PHONES.getRegionCodesForCountryCode(code).size() > 1;
            }
        }
        return codes;
    }

    private static boolean[] trunkZeroCodes() {
        boolean[] codes = new boolean[1000];
        for (int code : PHONES.getSupportedCallingCodes()) {
            if (code > 0 && code < codes.length) {
                String region = PHONES.getRegionCodeForCountryCode(code);
                codes[code] = !PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                        && "0".equals(PHONES.getNddPrefixForRegion(region, true));
            }
        }
        return codes;
    }

    /**
     * Whether {@code text[from, to)} is written in a North American layout: an optional leading
     * {@code 1} and separator, then {@code (ddd)} or {@code ddd}, then {@code ddd} and {@code dddd}, joined by
     * one consistent separator (space, dash or dot; after a closing bracket also none).
     */
    static boolean isNorthAmericanLayout(String text, int from, int to) {
        int i = from;
        if (to - i >= 12 && text.charAt(i) == '1' && isSeparator(text.charAt(i + 1))) {
            i += 2;
        }
        char separator;
        if (text.charAt(i) == '(') {
            if (!digitsAt(text, i + 1, 3, to) || i + 4 >= to || text.charAt(i + 4) != ')') {
                return false;
            }
            i += 5;
            if (i < to && isSeparator(text.charAt(i))) {
                char afterBracket = text.charAt(i);
                i++;
                separator = afterBracket == ' ' ? 0 : afterBracket;
            } else {
                separator = 0;
            }
            if (!digitsAt(text, i, 3, to)) {
                return false;
            }
            i += 3;
            if (i >= to || !isSeparator(text.charAt(i)) || (separator != 0 && text.charAt(i) != separator)) {
                return false;
            }
            i++;
        } else {
            if (!digitsAt(text, i, 3, to) || i + 3 >= to) {
                return false;
            }
            separator = text.charAt(i + 3);
            if (!isSeparator(separator) || !digitsAt(text, i + 4, 3, to) || i + 7 >= to || text.charAt(i + 7) != separator) {
                return false;
            }
            i += 8;
        }
        return digitsAt(text, i, 4, to) && i + 4 == to;
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == '.' || c == ' ';
    }

    private static boolean digitsAt(String text, int from, int count, int to) {
        if (from + count > to) {
            return false;
        }
        for (int k = from; k < from + count; k++) {
            if (!Chars.isDigit(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public PiiCategory category() {
        return PiiCategory.PHONE;
    }

    @Override
    public boolean mayMatch(TextProfile profile, String contextHint) {
        if (profile.digits() < 7) {
            return false;
        }
        return profile.hasPlusBeforeDigit() || (profile.hasDoubleZeroLead() && profile.digits() >= 10)
                || profile.hasNorthAmericanShape() || CONTEXT.mayAppearIn(profile) || CONTEXT.isInHint(contextHint);
    }

    @Override
    public void detect(String text, String contextHint, List<Finding> out) {
        detect(text, contextHint, new ScanMemo(), out);
    }

    @Override
    public void detect(String text, String contextHint, ScanMemo memo, List<Finding> out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean opener = (c == '+' || c == '(') && Chars.isDigitAt(text, i + 1);
            if (!opener && !Chars.isDigit(c)) {
                i++;
                continue;
            }
            if (!hasLeftBoundary(text, i)) {
                i++;
                while (i < n && Chars.isAlnum(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            int j = opener ? i + 1 : i;
            int digits = 0;
            int lastDigitEnd = -1;
            int gap = 0;
            while (j < n) {
                char d = text.charAt(j);
                if (Chars.isDigit(d)) {
                    digits++;
                    lastDigitEnd = j + 1;
                    gap = 0;
                } else if (d == ' ' || d == '-' || d == '.' || d == '(' || d == ')') {
                    if (++gap > 2) {
                        break;
                    }
                } else {
                    break;
                }
                j++;
            }
            int matchedEnd = digits >= 7 ? match(text, i, lastDigitEnd, contextHint, memo, out) : -1;
            if (matchedEnd > 0) {
                i = matchedEnd;
            } else if (matchedEnd < -1) {
                i = resumeAt(matchedEnd);
            } else {
                i = Math.max(i + 1, lastDigitEnd);
                while (i < n && Chars.isAlnum(text.charAt(i))) {
                    i++;
                }
            }
        }
    }

    private static boolean hasLeftBoundary(String text, int i) {
        if (Chars.isAlnumAt(text, i - 1)) {
            return false;
        }
        if (i >= 2) {
            char before = text.charAt(i - 1);
            return !((before == '-' || before == '.' || before == '/' || before == '+') && Chars.isAlnumAt(text, i - 2));
        }
        return true;
    }

    /**
     * Tries the whole candidate, then slices at spaces (several numbers may share one run); returns the end of the
     * number found, or -1. A run of more than {@link #MAX_CHUNKS} chunks is tried from its first chunk only, and
     * when nothing starts there the answer tells, through {@link #resumeAt}, to go on from its second chunk, so a
     * number at the end of a long run ({@code 4111 1111 1111 1111 4111 1111 1111 1111 (202) 555-0123}) is found.
     */
    private int match(String text, int start, int end, String hint, ScanMemo memo, List<Finding> out) {
        int[] chunkStarts = memo.phoneChunkStarts();
        int[] chunkEnds = memo.phoneChunkEnds();
        int chunks = 0;
        int chunkStart = start;
        for (int k = start; k <= end && chunks < MAX_CHUNKS; k++) {
            if (k == end || text.charAt(k) == ' ') {
                chunkStarts[chunks] = chunkStart;
                chunkEnds[chunks] = k;
                chunks++;
                chunkStart = k + 1;
            }
        }
        boolean longRun = chunkStart <= end && chunks == MAX_CHUNKS;
        if (longRun) {
            chunkEnds[chunks - 1] = end;
        }
        for (int s = 0; s < (longRun ? 1 : chunks); s++) {
            for (int e = chunks - 1; e >= s; e--) {
                int from = chunkStarts[s];
                int to = chunkEnds[e];
                while (to > from && !Chars.isDigit(text.charAt(to - 1))) {
                    to--;
                }
                char first = from < to ? text.charAt(from) : ' ';
                if (!(Chars.isDigit(first) || first == '+' || first == '(')) {
                    continue;
                }
                int extensionEnd = extensionEnd(text, to);
                if (extensionEnd == to && !hasRightBoundary(text, to)) {
                    continue;
                }
                if (isPhoneNumber(text, from, to, hint, memo)) {
                    out.add(new Finding(PiiCategory.PHONE, from, extensionEnd));
                    return extensionEnd;
                }
                // An opening bracket before the whole number rather than its area code: "(0044 20 7946 0958)".
                if (first == '(' && to - from > 1 && isPhoneNumber(text, from + 1, to, hint, memo)) {
                    out.add(new Finding(PiiCategory.PHONE, from + 1, extensionEnd));
                    return extensionEnd;
                }
            }
        }
        return longRun ? -2 - chunkStarts[1] : -1;
    }

    /** Where to go on after {@link #match} answered below -1: the second chunk of a long run. */
    private static int resumeAt(int matchAnswer) {
        return -2 - matchAnswer;
    }

    private static boolean hasRightBoundary(String text, int end) {
        if (Chars.isAlnumAt(text, end)) {
            return false;
        }
        if (end + 1 < text.length()) {
            char after = text.charAt(end);
            return !((after == '-' || after == '.' || after == '/' || after == ':') && Chars.isAlnumAt(text, end + 1));
        }
        return true;
    }

    /** The end of an extension ({@code ext. 123}, {@code extension 12}, {@code x123}, {@code #123}) after {@code end}, or {@code end}. */
    static int extensionEnd(String text, int end) {
        int n = text.length();
        int j = end;
        int skipped = 0;
        while (j < n && skipped < 2 && (text.charAt(j) == ' ' || text.charAt(j) == ',')) {
            j++;
            skipped++;
        }
        char c = j < n ? text.charAt(j) : ' ';
        if (c != 'e' && c != 'E' && c != 'x' && c != 'X' && c != '#') {
            return end;
        }
        if (text.regionMatches(true, j, "extension", 0, 9)) {
            j += 9;
        } else if (text.regionMatches(true, j, "ext", 0, 3)) {
            j += 3;
            if (j < n && text.charAt(j) == '.') {
                j++;
            }
        } else if (j < n && (text.charAt(j) == 'x' || text.charAt(j) == 'X' || text.charAt(j) == '#')) {
            j++;
        } else {
            return end;
        }
        if (j < n && (text.charAt(j) == ' ' || text.charAt(j) == ':')) {
            j++;
        }
        int digitsStart = j;
        while (j < n && j - digitsStart < 7 && Chars.isDigit(text.charAt(j))) {
            j++;
        }
        int digits = j - digitsStart;
        if (digits == 0 || digits > 6 || Chars.isAlnumAt(text, j)) {
            return end;
        }
        return j;
    }

    private static boolean isPhoneNumber(String text, int from, int to, String hint, ScanMemo memo) {
        char first = text.charAt(from);
        boolean international = first == '+' || (first == '0' && to - from > 2 && text.charAt(from + 1) == '0');
        boolean northAmerican = !international && isNorthAmericanLayout(text, from, to);
        if (!international && !northAmerican && !memo.contextAnywhere(CONTEXT, text, hint)) {
            return false;
        }
        int digits = 0;
        for (int k = from; k < to; k++) {
            if (Chars.isDigit(text.charAt(k))) {
                digits++;
            }
        }
        if (digits < 7 || digits > 17) {
            return false;
        }
        if (first == '+') {
            return digits <= 15 && isValidInternational(text, from + 1, to, memo);
        }
        if (first == '0' && text.charAt(from + 1) == '0' && digits >= 10) {
            return digits <= 17 && isValidInternational(text, from + 2, to, memo);
        }
        if (northAmerican) {
            return isValidNorthAmerican(text, from, to, memo);
        }
        String candidate = text.substring(from, to);
        StringBuilder layout = new StringBuilder(candidate.length());
        for (int k = 0; k < candidate.length(); k++) {
            char c = candidate.charAt(k);
            layout.append(Chars.isDigit(c) ? 'd' : c);
        }
        String shape = layout.toString();
        if (digits > 15 || looksLikeDate(shape, candidate) || looksLikeDecimal(shape) || looksLikeDottedQuad(shape)) {
            return false;
        }
        if (!CONTEXT.isPresent(text, from, hint)) {
            return false;
        }
        String key = "~" + candidate;
        Boolean known = memo.get(key);
        if (known != null) {
            return known;
        }
        boolean valid = false;
        for (String region : CONTEXT_REGIONS) {
            if (isValid(candidate, region)) {
                valid = true;
                break;
            }
        }
        memo.put(key, valid);
        return valid;
    }

    /**
     * Validates {@code +CC...} (digits from {@code from}) by splitting off the calling code and asking
     * the metadata directly: libphonenumber's {@code parse} is four times slower than the validation
     * itself, and the text was already normalised here. A trunk prefix written in brackets
     * ({@code +44 (0)20...}) goes through {@code parse}, which knows each country's rules; one written without
     * them ({@code +44 020...}) is dropped when the number is invalid with it and its country dials a trunk 0.
     */
    private static boolean isValidInternational(String text, int from, int to, ScanMemo memo) {
        if (indexOf(text, '(', from, to) >= 0) {
            String international = "+" + text.substring(from, to);
            Boolean known = memo.get(international);
            if (known == null) {
                known = isValid(international, "ZZ");
                memo.put(international, known);
            }
            return known;
        }
        long key = numberKey(text, from, to);
        Boolean known = key < 0 ? null : memo.number(key);
        if (known != null) {
            return known;
        }
        String digits = digitsOf(text, from, to);
        boolean valid = false;
        for (int length = 1; length <= 3 && length < digits.length(); length++) {
            int callingCode = Integer.parseInt(digits, 0, length, 10);
            if (CALLING_CODES[callingCode]) {
                String national = digits.substring(length);
                // People often keep the trunk 0 after the code (+44 020 7946 0958); such a number is still theirs.
                valid = isValid(callingCode, national, memo) || (TRUNK_ZERO_CODES[callingCode] && national.length() > 5
                        && national.charAt(0) == '0' && national.charAt(1) != '0' && isValid(callingCode, national.substring(1), memo));
                break;
            }
        }
        if (key >= 0) {
            memo.putNumber(key, valid);
        }
        return valid;
    }

    /** Validates a North American number: ten digits, or eleven starting with 1; remembered as {@code +1} and the ten. */
    private static boolean isValidNorthAmerican(String text, int from, int to, ScanMemo memo) {
        long value = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                value = value * 10 + (c - '0');
                count++;
            }
        }
        if (count == 10) {
            value += 10_000_000_000L;
            count = 11;
        }
        if (count != 11 || value / 10_000_000_000L != 1) {
            return false;
        }
        long key = ScanMemo.numberKey(value, count);
        Boolean known = memo.number(key);
        if (known == null) {
            known = isValid(1, Long.toString(value).substring(1), memo);
            memo.putNumber(key, known);
        }
        return known;
    }

    /** The {@link ScanMemo#numberKey} of the digits in {@code text[from, to)}, or -1 when there are too many to key. */
    private static long numberKey(String text, int from, int to) {
        long value = 0;
        int count = 0;
        for (int i = from; i < to && count <= ScanMemo.MAX_KEY_DIGITS; i++) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                value = value * 10 + (c - '0');
                count++;
            }
        }
        return ScanMemo.numberKey(value, count);
    }

    /**
     * Tries the calling code's main region first ({@code +1} → US, {@code +44} → GB), through its compiled
     * patterns: {@code isValidNumber} would first test every region sharing the code to find the number's
     * region, then validate again. When those patterns say no, libphonenumber decides for the other regions
     * sharing the code (a code of one region has no others, so the answer is no); the main region is asked again
     * only when it has no patterns, since they answer as {@code isValidNumberForRegion} does.
     */
    private static boolean isValid(int callingCode, String national, ScanMemo memo) {
        if (national.length() < 4 || national.length() > 17) {
            return false;
        }
        RegionNumberPatterns mainRegion = mainRegionPatterns(callingCode);
        if (mainRegion.isValid(national, memo)) {
            return true;
        }
        if (mainRegion != RegionNumberPatterns.NONE && !SHARED_CALLING_CODES[callingCode]) {
            // isValidNumber would take the code's only region as the number's region and ask the same patterns again.
            return false;
        }
        Phonenumber.PhoneNumber number = new Phonenumber.PhoneNumber()
                .setCountryCode(callingCode)
                .setNationalNumber(Long.parseLong(national));
        int zeros = 0;
        while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            number.setItalianLeadingZero(true);
            if (zeros > 1) {
                number.setNumberOfLeadingZeros(zeros);
            }
        }
        boolean validInMainRegion = mainRegion == RegionNumberPatterns.NONE
                && PHONES.isValidNumberForRegion(number, PHONES.getRegionCodeForCountryCode(callingCode));
        return validInMainRegion || PHONES.isValidNumber(number);
    }

    /** The compiled patterns of the calling code's main region; {@link RegionNumberPatterns#NONE} for a non-geographic code. */
    private static RegionNumberPatterns mainRegionPatterns(int callingCode) {
        if (callingCode <= 0 || callingCode >= MAIN_REGION_PATTERNS.length) {
            return RegionNumberPatterns.NONE;
        }
        RegionNumberPatterns patterns = MAIN_REGION_PATTERNS[callingCode];
        if (patterns == null) {
            String region = PHONES.getRegionCodeForCountryCode(callingCode);
            patterns = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) ? RegionNumberPatterns.NONE
                    : RegionNumberPatterns.of(region);
            MAIN_REGION_PATTERNS[callingCode] = patterns;
        }
        return patterns;
    }

    private static String digitsOf(String text, int from, int to) {
        StringBuilder digits = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            if (Chars.isDigit(text.charAt(i))) {
                digits.append(text.charAt(i));
            }
        }
        return digits.toString();
    }

    private static int indexOf(String text, char c, int from, int to) {
        int at = text.indexOf(c, from);
        return at < to ? at : -1;
    }

    private static boolean isValid(String candidate, String region) {
        try {
            return PHONES.isValidNumber(PHONES.parse(candidate, region));
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static boolean looksLikeDate(String shape, String candidate) {
        String normalized = shape.replace('.', '-').replace(' ', '-');
        if (!(normalized.equals("dddd-dd-dd") || normalized.equals("dd-dd-dddd") || normalized.equals("dddd-d-d")
                || normalized.equals("d-d-dddd") || normalized.equals("dd-d-dddd") || normalized.equals("d-dd-dddd")
                || normalized.equals("dddd-dd-d") || normalized.equals("dddd-d-dd"))) {
            return false;
        }
        String[] parts = candidate.split("[-. ]");
        int year = parts[0].length() == 4 ? Integer.parseInt(parts[0]) : Integer.parseInt(parts[2]);
        return year >= 1900 && year <= 2100;
    }

    private static boolean looksLikeDecimal(String shape) {
        int dot = shape.indexOf('.');
        if (dot < 0 || dot != shape.lastIndexOf('.')) {
            return false;
        }
        for (int k = 0; k < shape.length(); k++) {
            if (shape.charAt(k) != 'd' && k != dot) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeDottedQuad(String shape) {
        String[] parts = shape.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || part.replace("d", "").length() > 0) {
                return false;
            }
        }
        return true;
    }
}
