package io.genieproxy.redaction;

import java.util.HashMap;
import java.util.Map;

/**
 * Results of costly candidate validations (phone metadata lookups) for one body, so a value repeated
 * across rows is validated once; bounded, never shared between requests, not thread-safe.
 */
public final class ValidationMemo {
    /** Entries kept before the memo starts over, so a hostile body cannot grow it without bound. */
    static final int MAX_ENTRIES = 4096;

    private final Map<String, Boolean> results = new HashMap<>();

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
}
