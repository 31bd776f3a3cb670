package io.genieproxy.redaction;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one redaction did: how many values per category, per query-result column, and at which JSON
 * paths; never the values themselves, so it is safe for logs, spans and the audit record.
 */
public final class RedactionReport {
    /** Distinct JSON paths kept per report, so a hostile body cannot grow it without bound. */
    public static final int MAX_PATHS = 64;

    private final Map<String, Integer> byCategory;
    private final Map<String, Map<String, Integer>> byColumn;
    private final Set<String> paths;
    private final int total;

    private RedactionReport(Builder builder) {
        this.byCategory = Collections.unmodifiableMap(new TreeMap<>(builder.byCategory));
        Map<String, Map<String, Integer>> columns = new LinkedHashMap<>();
        builder.byColumn.forEach((column, counts) -> columns.put(column, Collections.unmodifiableMap(new TreeMap<>(counts))));
        this.byColumn = Collections.unmodifiableMap(columns);
        this.paths = Collections.unmodifiableSet(new TreeSet<>(builder.paths));
        this.total = builder.total;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, Integer> countsByCategory() {
        return byCategory;
    }

    /** Query-result column name → category → count. */
    public Map<String, Map<String, Integer>> countsByColumn() {
        return byColumn;
    }

    /** JSON paths where something was redacted, array indexes written {@code [*]}, at most {@value #MAX_PATHS}. */
    public Set<String> jsonPaths() {
        return paths;
    }

    public int total() {
        return total;
    }

    @Override
    public String toString() {
        return "RedactionReport{total=" + total + ", byCategory=" + byCategory + ", byColumn=" + byColumn + "}";
    }

    /** Collects counts while a body is redacted; not thread-safe, one per body. */
    public static final class Builder {
        private final Map<String, Integer> byCategory = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> byColumn = new LinkedHashMap<>();
        private final Set<String> paths = new TreeSet<>();
        private int total;

        private Builder() {
        }

        /**
         * Counts one redacted value.
         *
         * @param category a {@link PiiCategory} name, or {@code COLUMN} for a column rule that matched no detector
         * @param column the query-result column, or null outside a result
         * @param path the JSON path, or null for free text
         */
        public Builder record(String category, String column, String path) {
            byCategory.merge(category, 1, Integer::sum);
            if (column != null) {
                byColumn.computeIfAbsent(column, c -> new LinkedHashMap<>()).merge(category, 1, Integer::sum);
            }
            if (path != null && paths.size() < MAX_PATHS) {
                paths.add(path);
            }
            total++;
            return this;
        }

        public RedactionReport build() {
            return new RedactionReport(this);
        }
    }
}
