package io.genieproxy.e2e.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds which of many secret values occur in a text in one pass (a window of the shortest value's length is
 * looked up at every position), so every personal value of 5,000 rows can be checked against megabytes of bodies.
 */
final class Leaks {
    private final int window;
    private final Map<String, List<String>> byPrefix = new HashMap<>();

    Leaks(Collection<String> values) {
        int shortest = Integer.MAX_VALUE;
        for (String v : values) {
            shortest = Math.min(shortest, v.length());
        }
        if (shortest < 4) {
            throw new IllegalArgumentException("values this short would match anywhere");
        }
        this.window = shortest;
        for (String v : values) {
            byPrefix.computeIfAbsent(v.substring(0, window), p -> new ArrayList<>(1)).add(v);
        }
    }

    /** The values found in {@code text}. */
    Set<String> in(String text) {
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i + window <= text.length(); i++) {
            List<String> candidates = byPrefix.get(text.substring(i, i + window));
            if (candidates != null) {
                for (String candidate : candidates) {
                    if (text.startsWith(candidate, i)) {
                        found.add(candidate);
                    }
                }
            }
        }
        return found;
    }
}
