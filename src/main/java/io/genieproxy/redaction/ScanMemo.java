package io.genieproxy.redaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the scan of one body remembers: results of costly validations (phone metadata lookups), so a
 * value repeated across rows is validated once, which detectors may match texts of a given profile, and the
 * profile and digit groups of the text being scanned, so they are built once; bounded, never shared between
 * requests, not thread-safe.
 */
public final class ScanMemo {
    /** Profiles whose {@link PiiScanner#candidates} are remembered, a power of two. */
    private static final int CANDIDATE_SLOTS = 256;
    /** Entries kept before the memo starts over, so a hostile body cannot grow it without bound. */
    static final int MAX_ENTRIES = 4096;
    /** The most digits a {@link #numberKey} holds: their value times 32 still fits a long. */
    static final int MAX_KEY_DIGITS = 17;
    /** The bit of a {@link #numbers} slot that marks a valid number; keys stay below it (10^17 times 32 is below 2^62). */
    private static final long VALID = 1L << 62;

    private final Map<String, Boolean> results = new HashMap<>();
    /** One matcher per phone-metadata pattern used, reset for each number instead of created. */
    private final Map<Pattern, Matcher> matchers = new IdentityHashMap<>();
    /**
     * Validity of phone numbers by {@link #numberKey}, open addressing: 0 is a free slot, otherwise the key with
     * {@link #VALID} set for a valid number, so a lookup reads one array.
     */
    private final long[] numbers = new long[2 * MAX_ENTRIES];
    private int numberCount;
    private final TextProfile profile = new TextProfile();
    private final List<Finding> findings = new ArrayList<>(4);
    private final int[] phoneChunkStarts = new int[PhoneDetector.MAX_CHUNKS];
    private final int[] phoneChunkEnds = new int[PhoneDetector.MAX_CHUNKS];
    private String groupedText;
    private final List<DigitGroups> groups = new ArrayList<>(2);
    /** Digit-group instances not in use, refilled for the next text. */
    private final List<DigitGroups> spareGroups = new ArrayList<>(2);
    /**
     * {@link PiiScanner#candidates} answers of {@link #candidatesScanner} for recent profiles and hints, direct-mapped
     * by {@link TextProfile#valuesHash}: the cells of a column mostly measure alike.
     */
    private final TextProfile[] candidateProfiles = new TextProfile[CANDIDATE_SLOTS];
    private final String[] candidateHints = new String[CANDIDATE_SLOTS];
    private final long[] candidateBits = new long[CANDIDATE_SLOTS];
    private PiiScanner candidatesScanner;
    private ContextWords anywhereWords;
    private String anywhereText;
    private String anywhereHint;
    private boolean anywhere;

    /** Scratch for the phone detector: where the space-separated chunks of a candidate start. */
    int[] phoneChunkStarts() {
        return phoneChunkStarts;
    }

    /** Scratch for the phone detector: where the space-separated chunks of a candidate end. */
    int[] phoneChunkEnds() {
        return phoneChunkEnds;
    }

    /** The findings of the text being scanned, emptied for each text. */
    List<Finding> findings() {
        findings.clear();
        return findings;
    }

    /** The profile of the text being scanned, reused from text to text. */
    TextProfile profile() {
        return profile;
    }

    /**
     * {@code scanner}'s {@link PiiScanner#candidates} for {@code profile} and {@code hint}, remembered: a detector's
     * {@link Detector#mayMatch} reads nothing but the profile's values and the hint, so equal values and hints get
     * equal answers.
     */
    long candidates(PiiScanner scanner, TextProfile profile, String hint) {
        if (scanner != candidatesScanner) {
            Arrays.fill(candidateProfiles, null);
            candidatesScanner = scanner;
        }
        int slot = profile.valuesHash() & (CANDIDATE_SLOTS - 1);
        TextProfile known = candidateProfiles[slot];
        if (known != null && known.hasSameValues(profile) && Objects.equals(candidateHints[slot], hint)) {
            return candidateBits[slot];
        }
        long bits = scanner.askDetectors(profile, hint);
        if (known == null) {
            known = new TextProfile();
            candidateProfiles[slot] = known;
        }
        known.copyValues(profile);
        candidateHints[slot] = hint;
        candidateBits[slot] = bits;
        return bits;
    }

    /** A matcher of {@code pattern} for this body's scans; reset it before use. */
    Matcher matcher(Pattern pattern) {
        Matcher matcher = matchers.get(pattern);
        if (matcher == null) {
            matcher = pattern.matcher("");
            matchers.put(pattern, matcher);
        }
        return matcher;
    }

    /** The remembered result for {@code key}, or null. */
    Boolean get(String key) {
        return results.get(key);
    }

    void put(String key, boolean valid) {
        if (results.size() >= MAX_ENTRIES) {
            results.clear();
        }
        results.put(key, valid);
    }

    /**
     * A key for the digits of a number, {@code digits} of them (1 to {@value #MAX_KEY_DIGITS}) with the value
     * {@code value}; leading zeros count, so {@code 0044} and {@code 44} differ. -1 when there are too many digits.
     */
    static long numberKey(long value, int digits) {
        return digits < 1 || digits > MAX_KEY_DIGITS ? -1 : value << 5 | digits;
    }

    /** The remembered validity of the number with {@code key} (from {@link #numberKey}), or null. */
    Boolean number(long key) {
        for (int slot = slotOf(key); numbers[slot] != 0; slot = (slot + 1) & (numbers.length - 1)) {
            if ((numbers[slot] & ~VALID) == key) {
                return (numbers[slot] & VALID) != 0;
            }
        }
        return null;
    }

    void putNumber(long key, boolean valid) {
        if (numberCount >= MAX_ENTRIES) {
            Arrays.fill(numbers, 0);
            numberCount = 0;
        }
        int slot = slotOf(key);
        while (numbers[slot] != 0 && (numbers[slot] & ~VALID) != key) {
            slot = (slot + 1) & (numbers.length - 1);
        }
        if (numbers[slot] == 0) {
            numberCount++;
        }
        numbers[slot] = valid ? key | VALID : key;
    }

    private int slotOf(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 40) & (numbers.length - 1);
    }

    /** {@link ContextWords#isAnywhere} of {@code words} in {@code text} and {@code hint}, looked for once per text. */
    boolean contextAnywhere(ContextWords words, String text, String hint) {
        if (words != anywhereWords || text != anywhereText || hint != anywhereHint) {
            anywhere = words.isAnywhere(text, hint);
            anywhereWords = words;
            anywhereText = text;
            anywhereHint = hint;
        }
        return anywhere;
    }

    /** The runs of {@code text} with at least {@link DigitGroups#SHARED_MIN_DIGITS} digits, found once per text. */
    List<DigitGroups> digitGroups(String text) {
        if (text != groupedText) {
            for (int g = groups.size() - 1; g >= 0; g--) {
                spareGroups.add(groups.remove(g));
            }
            DigitGroups.find(text, DigitGroups.SHARED_MIN_DIGITS, groups, spareGroups);
            groupedText = text;
        }
        return groups;
    }
}
