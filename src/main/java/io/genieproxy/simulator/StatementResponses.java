package io.genieproxy.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds {@code statement_response} objects (SQL Statement Execution API shape) from the sample dataset. */
final class StatementResponses {
    private final SampleDataset dataset;

    StatementResponses(SampleDataset dataset) {
        this.dataset = dataset;
    }

    /** A finished statement with its rows inline as one JSON_ARRAY chunk. */
    JsonObject inline(String statementId, Answer answer) {
        if (answer.kind() == Answer.Kind.FAILED) {
            return JsonObject.create().with("statement_response", JsonObject.create()
                    .with("statement_id", statementId)
                    .with("status", JsonObject.create().with("state", "FAILED")
                            .with("error", JsonObject.create().with("error_code", "BAD_REQUEST")
                                    .with("message", "[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012"))
                            .with("sql_state", "22012")));
        }
        List<List<String>> rows = new ArrayList<>(answer.rowCount());
        for (int i = answer.rowOffset(); i < answer.rowOffset() + answer.rowCount(); i++) {
            rows.add(dataset.customers().get(i).values());
        }
        return JsonObject.create().with("statement_response", JsonObject.create()
                .with("statement_id", statementId)
                .with("status", JsonObject.create().with("state", "SUCCEEDED"))
                .with("manifest", manifest(answer.rowCount()))
                .with("result", JsonObject.create()
                        .with("chunk_index", 0)
                        .with("row_offset", 0)
                        .with("row_count", answer.rowCount())
                        .with("data_array", rows)));
    }

    /** A full-result download: still running, or finished with a presigned-looking external link. */
    JsonObject download(String statementId, Answer answer, boolean finished, String externalLink, String expiration) {
        if (!finished) {
            return JsonObject.create().with("statement_response", JsonObject.create()
                    .with("statement_id", statementId)
                    .with("status", JsonObject.create().with("state", "RUNNING")));
        }
        Map<String, Object> link = JsonObject.create()
                .with("chunk_index", 0)
                .with("row_offset", 0)
                .with("row_count", answer.rowCount())
                .with("byte_count", answer.rowCount() * 420L)
                .with("external_link", externalLink)
                .with("expiration", expiration)
                .with("http_headers", JsonObject.create());
        return JsonObject.create().with("statement_response", JsonObject.create()
                .with("statement_id", statementId)
                .with("status", JsonObject.create().with("state", "SUCCEEDED"))
                .with("manifest", manifest(answer.rowCount()))
                .with("result", JsonObject.create()
                        .with("chunk_index", 0)
                        .with("row_offset", 0)
                        .with("row_count", answer.rowCount())
                        .with("external_links", List.of(link))));
    }

    private static JsonObject manifest(int rowCount) {
        List<Object> columns = new ArrayList<>();
        for (int i = 0; i < SampleDataset.COLUMNS.size(); i++) {
            String name = SampleDataset.COLUMNS.get(i);
            JsonObject column = JsonObject.create()
                    .with("name", name)
                    .with("type_name", SampleDataset.typeName(name))
                    .with("type_text", SampleDataset.typeText(name))
                    .with("position", i);
            if (name.equals("amount")) {
                column.with("type_precision", 12).with("type_scale", 2);
            }
            columns.add(column);
        }
        return JsonObject.create()
                .with("format", "JSON_ARRAY")
                .with("schema", JsonObject.create().with("column_count", columns.size()).with("columns", columns))
                .with("total_row_count", rowCount)
                .with("total_chunk_count", 1)
                .with("chunks", List.of(JsonObject.create().with("chunk_index", 0).with("row_offset", 0).with("row_count", rowCount)))
                .with("truncated", false);
    }
}
