package io.genieproxy.redaction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scan of one body remembers: results of costly validations (phone metadata lookups), so a
 * value repeated across rows is validated once, and the profile and digit groups of the text being
 * scanned, so they are built once; bounded, never shared between requests, not thread-safe.
 */
public final class ScanMemo {
    /** Entries kept before the memo starts over, so a hostile body cannot grow it without bound. */
    static final int MAX_ENTRIES = 4096;

    private final Map<String, Boolean> results = new HashMap<>();
    private final TextProfile profile = new TextProfile();
    private String groupedText;
    private List<DigitGroups> groups;

    /** The profile of the text being scanned, reused from text to text. */
    TextProfile profile() {
        return profile;
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

    /** The runs of {@code text} with at least {@link DigitGroups#SHARED_MIN_DIGITS} digits, found once per text. */
    List<DigitGroups> digitGroups(String text) {
        if (text != groupedText) {
            groups = DigitGroups.find(text, DigitGroups.SHARED_MIN_DIGITS);
            groupedText = text;
        }
        return groups;
    }
}
