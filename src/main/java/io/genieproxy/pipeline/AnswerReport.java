package io.genieproxy.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an answer carried back to its caller, as the redaction stage read it: redaction counts by
 * category and by query-result column, and the result's column names and rows; never a value.
 *
 * @param redactedByCategory category → values replaced, sorted; empty when nothing was
 * @param redactedByColumn query-result column → category → values replaced, in column order
 * @param redactedByElement for an answer that is a page of a list (list-messages): index of the element in
 *     its list → category → values replaced inside it
 * @param columns the query result's column names, empty when the answer held no result
 * @param rows the query result's rows, null when the answer held no {@code data_array}
 */
public record AnswerReport(
        Map<String, Integer> redactedByCategory,
        Map<String, Map<String, Integer>> redactedByColumn,
        Map<Integer, Map<String, Integer>> redactedByElement,
        List<String> columns,
        Long rows) {

    public AnswerReport {
        redactedByCategory = Collections.unmodifiableMap(new TreeMap<>(redactedByCategory));
        redactedByColumn = Collections.unmodifiableMap(new LinkedHashMap<>(redactedByColumn));
        redactedByElement = Map.copyOf(redactedByElement);
        columns = List.copyOf(columns);
    }

    /** What was replaced inside element {@code index} of the answer's list, by category; empty when nothing was. */
    public Map<String, Integer> redactedInElement(int index) {
        return redactedByElement.getOrDefault(index, Map.of());
    }

    /** How many values were replaced in all. */
    public int totalRedacted() {
        int total = 0;
        for (int count : redactedByCategory.values()) {
            total += count;
        }
        return total;
    }
}
