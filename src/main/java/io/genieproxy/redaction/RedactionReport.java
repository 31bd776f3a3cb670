package io.genieproxy.redaction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one redaction did: how many values per category, per query-result column, and at which JSON
 * paths, and the shape of the query result it read (column names and rows); never the values
 * themselves, so it is safe for logs, spans and the audit record.
 */
public final class RedactionReport {
    /** Distinct JSON paths kept per report, so a hostile body cannot grow it without bound. */
    public static final int MAX_PATHS = 64;
    /** Column names kept per report, so a hostile manifest cannot grow it without bound. */
    public static final int MAX_COLUMNS = 256;
    /** Top-level list elements counted one by one; later ones count only in the totals. */
    public static final int MAX_ELEMENTS = 1000;

    private final Map<String, Integer> byCategory;
    private final Map<String, Map<String, Integer>> byCategoryAndMode;
    private final Map<String, Map<String, Integer>> byColumn;
    private final Set<String> paths;
    private final Map<Integer, Map<String, Integer>> byElement;
    private final List<String> resultColumns;
    private final Long resultRows;
    private final int externalLinks;
    private final int total;

    private RedactionReport(Builder builder) {
        this.byCategory = Collections.unmodifiableMap(sorted(builder.byCategory));
        Map<String, Map<String, Integer>> modes = new TreeMap<>();
        for (int slot = 0; slot < builder.byCategory.length; slot++) {
            for (int m = 0; m < Builder.MODES.length; m++) {
                int count = builder.byMode[slot * Builder.MODES.length + m];
                if (count > 0) {
                    modes.computeIfAbsent(Builder.label(slot), k -> new TreeMap<>()).put(Builder.MODES[m].policyName(), count);
                }
            }
        }
        modes.replaceAll((category, counts) -> Collections.unmodifiableMap(counts));
        this.byCategoryAndMode = Collections.unmodifiableMap(modes);
        Map<String, Map<String, Integer>> columns = new LinkedHashMap<>();
        builder.byColumn.forEach((column, counts) -> columns.put(column, Collections.unmodifiableMap(sorted(counts))));
        this.byColumn = Collections.unmodifiableMap(columns);
        this.paths = Collections.unmodifiableSet(new TreeSet<>(builder.paths));
        Map<Integer, Map<String, Integer>> elements = new TreeMap<>();
        builder.byElement.forEach((index, counts) -> elements.put(index, Collections.unmodifiableMap(sorted(counts))));
        this.byElement = Collections.unmodifiableMap(elements);
        this.resultColumns = List.copyOf(builder.columns);
        this.resultRows = builder.rows < 0 ? null : builder.rows;
        this.externalLinks = builder.externalLinks;
        this.total = builder.total;
    }

    /** The labels counted in {@code counts} (indexed as {@link Builder#slot}), by name. */
    private static Map<String, Integer> sorted(int[] counts) {
        Map<String, Integer> sorted = new TreeMap<>();
        for (int slot = 0; slot < counts.length; slot++) {
            if (counts[slot] > 0) {
                sorted.put(Builder.label(slot), counts[slot]);
            }
        }
        return sorted;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, Integer> countsByCategory() {
        return byCategory;
    }

    /** Category → how its values were replaced ({@link RedactionMode#policyName()}) → count. */
    public Map<String, Map<String, Integer>> countsByCategoryAndMode() {
        return byCategoryAndMode;
    }

    /** Query-result column name → category → count. */
    public Map<String, Map<String, Integer>> countsByColumn() {
        return byColumn;
    }

    /**
     * Index → category → count, for the elements of a list the body holds at its top level (the messages of a
     * list-messages page): what was replaced inside each; elements with nothing replaced map to an empty map.
     */
    public Map<Integer, Map<String, Integer>> countsByElement() {
        return byElement;
    }

    /** JSON paths where something was redacted, array indexes written {@code [*]}, at most {@value #MAX_PATHS}. */
    public Set<String> jsonPaths() {
        return paths;
    }

    public int total() {
        return total;
    }

    /** The query-result column names the body declared ({@code manifest.schema.columns}), at most {@value #MAX_COLUMNS}; empty when none. */
    public List<String> resultColumns() {
        return resultColumns;
    }

    /** Links to data outside the body ({@code external_links} elements, {@code external_link}s), which redaction cannot reach. */
    public int externalLinks() {
        return externalLinks;
    }

    /** How many {@code data_array} rows the body carried, or null when it had no {@code data_array}. */
    public Long resultRows() {
        return resultRows;
    }

    @Override
    public String toString() {
        return "RedactionReport{total=" + total + ", byCategory=" + byCategory + ", byColumn=" + byColumn + "}";
    }

    /** Collects counts while a body is redacted; not thread-safe, one per body. */
    public static final class Builder {
        private static final PiiCategory[] CATEGORIES = PiiCategory.values();
        private static final RedactionMode[] MODES = RedactionMode.values();
        /** Counts are kept by category ordinal, with one more slot for {@code COLUMN}. */
        private static final int COLUMN_SLOT = CATEGORIES.length;

        private final int[] byCategory = new int[COLUMN_SLOT + 1];
        /** Counts by slot and mode, {@code slot * MODES.length + mode ordinal}. */
        private final int[] byMode = new int[(COLUMN_SLOT + 1) * MODES.length];
        private final Map<String, int[]> byColumn = new LinkedHashMap<>();
        private final Set<String> paths = new TreeSet<>();
        private final List<String> columns = new ArrayList<>();
        private final Map<Integer, int[]> byElement = new LinkedHashMap<>();
        /** Column names as the caller sees them, where redaction changed them: counts are kept under these. */
        private final Map<String, String> shownColumnNames = new java.util.HashMap<>();
        /** Counts of the top-level list element being read, or null outside one. */
        private int[] element;
        /** Rows of {@code data_array}s read, or -1 before the first {@code data_array}. */
        private long rows = -1;
        private int externalLinks;
        /** The path added last: cells of one data_array share one path object, so it is looked up once. */
        private String lastPath;
        private int total;

        private Builder() {
        }

        /**
         * Counts one redacted value.
         *
         * @param category a {@link PiiCategory} name, or {@code COLUMN} for a column rule that matched no detector
         * @param mode how the value was replaced
         * @param column the query-result column, or null outside a result
         * @param path the JSON path, or null for free text
         */
        public Builder record(String category, RedactionMode mode, String column, String path) {
            return record(category.equals(TextRedactor.COLUMN_LABEL) ? COLUMN_SLOT : PiiCategory.valueOf(category).ordinal(),
                    mode, column, path);
        }

        /** Counts one redacted value of {@code category}; the other parameters as in {@link #record(String, RedactionMode, String, String)}. */
        public Builder record(PiiCategory category, RedactionMode mode, String column, String path) {
            return record(category.ordinal(), mode, column, path);
        }

        private Builder record(int slot, RedactionMode mode, String column, String path) {
            byCategory[slot]++;
            byMode[slot * MODES.length + mode.ordinal()]++;
            if (element != null) {
                element[slot]++;
            }
            if (column != null) {
                if (!shownColumnNames.isEmpty()) {
                    column = shownColumnNames.getOrDefault(column, column);
                }
                int[] counts = byColumn.get(column);
                if (counts == null) {
                    counts = new int[COLUMN_SLOT + 1];
                    byColumn.put(column, counts);
                }
                counts[slot]++;
            }
            if (path != null && path != lastPath && paths.size() < MAX_PATHS) {
                paths.add(path);
                lastPath = path;
            }
            total++;
            return this;
        }

        /** Counts what follows, until {@link #leaveElement()}, also for element {@code index} of a top-level list. */
        public Builder enterElement(int index) {
            if (index < MAX_ELEMENTS) {
                element = new int[COLUMN_SLOT + 1];
                byElement.put(index, element);
            }
            return this;
        }

        public Builder leaveElement() {
            element = null;
            return this;
        }

        /**
         * Notes a query-result column name, in manifest order, as the caller sees it ({@code shown}); counts for the
         * column as the workspace named it ({@code name}) are kept under the shown name, so no value reaches the report.
         */
        public Builder column(String name, String shown) {
            if (columns.size() < MAX_COLUMNS) {
                columns.add(shown);
            }
            if (!shown.equals(name) && shownColumnNames.size() < MAX_COLUMNS) {
                shownColumnNames.put(name, shown);
            }
            return this;
        }

        /** Notes that a {@code data_array} begins (so an empty one counts as zero rows, not as none). */
        public Builder dataArray() {
            if (rows < 0) {
                rows = 0;
            }
            return this;
        }

        /** Counts one link to data outside the body. */
        public Builder externalLink() {
            externalLinks++;
            return this;
        }

        /** Counts one {@code data_array} row. */
        public Builder row() {
            rows++;
            return this;
        }

        /** The name counted in {@code slot}: a category name, or {@code COLUMN}. */
        static String label(int slot) {
            return slot == COLUMN_SLOT ? TextRedactor.COLUMN_LABEL : CATEGORIES[slot].name();
        }

        public RedactionReport build() {
            return new RedactionReport(this);
        }
    }
}
