package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionReportTest {

    @Test
    void countsByCategoryAndColumnWithNamesSortedAndColumnsInFirstSeenOrder() {
        RedactionReport report = RedactionReport.builder()
                .record(PiiCategory.PHONE, RedactionMode.MASK, "phone", "$.a")
                .record(PiiCategory.EMAIL, RedactionMode.MASK, "notes", "$.a")
                .record(PiiCategory.PHONE, RedactionMode.MASK, "notes", "$.b")
                .record("COLUMN", RedactionMode.MASK, "card_number", "$.b")
                .record("EMAIL", RedactionMode.MASK, null, null)
                .build();
        assertEquals(Map.of("PHONE", 2, "EMAIL", 2, "COLUMN", 1), report.countsByCategory());
        assertEquals(List.of("COLUMN", "EMAIL", "PHONE"), List.copyOf(report.countsByCategory().keySet()));
        assertEquals(List.of("phone", "notes", "card_number"), List.copyOf(report.countsByColumn().keySet()));
        assertEquals(List.of("EMAIL", "PHONE"), List.copyOf(report.countsByColumn().get("notes").keySet()));
        assertEquals(Map.of("COLUMN", 1), report.countsByColumn().get("card_number"));
        assertEquals(Set.of("$.a", "$.b"), report.jsonPaths());
        assertEquals(5, report.total());
    }

    @Test
    void countsHowEachCategoryWasReplaced() {
        RedactionReport report = RedactionReport.builder()
                .record(PiiCategory.EMAIL, RedactionMode.PSEUDONYM, "email", "$.a")
                .record(PiiCategory.EMAIL, RedactionMode.MASK, "notes", "$.a")
                .record(PiiCategory.EMAIL, RedactionMode.PSEUDONYM, "email", "$.a")
                .record("COLUMN", RedactionMode.DROP, "ssn", "$.a")
                .record(PiiCategory.PAYMENT_CARD, RedactionMode.FORMAT_PRESERVING, null, null)
                .build();
        assertEquals(Map.of("EMAIL", Map.of("pseudonym", 2, "mask", 1), "COLUMN", Map.of("drop", 1),
                "PAYMENT_CARD", Map.of("format-preserving", 1)), report.countsByCategoryAndMode());
        assertEquals(Map.of("EMAIL", 3, "COLUMN", 1, "PAYMENT_CARD", 1), report.countsByCategory());
    }

    @Test
    void anEmptyReportHasNoCounts() {
        RedactionReport report = RedactionReport.builder().build();
        assertEquals(Map.of(), report.countsByCategory());
        assertEquals(Map.of(), report.countsByColumn());
        assertEquals(Map.of(), report.countsByCategoryAndMode());
        assertEquals(0, report.total());
    }

    @Test
    void keepsAtMostMaxPathsPaths() {
        RedactionReport.Builder builder = RedactionReport.builder();
        for (int i = 0; i < RedactionReport.MAX_PATHS * 2; i++) {
            builder.record(PiiCategory.IBAN, RedactionMode.MASK, null, "$.p" + i);
        }
        assertEquals(RedactionReport.MAX_PATHS, builder.build().jsonPaths().size());
    }

    @Test
    void countsTheElementsOfTheFirstTopLevelListOneByOne() throws Exception {
        String page = "{\"messages\":[{\"content\":\"write to jane.roe@example.com\"},{\"content\":\"nothing here\","
                + "\"attachments\":[{\"text\":{\"content\":\"ann@example.org or +1 415-555-0142\"}}]},"
                + "{\"content\":\"bob@example.net\"}],\"other\":[\"eve@example.com\"]}";
        RedactionReport report = reportOf(page);
        assertEquals(Map.of(0, Map.of("EMAIL", 1), 1, Map.of("EMAIL", 1, "PHONE", 1), 2, Map.of("EMAIL", 1)), report.countsByElement(),
                "a nested list and a second top-level list are not elements");
        assertEquals(Map.of("EMAIL", 4, "PHONE", 1), report.countsByCategory());
        assertEquals(List.of(), report.resultColumns());
        assertEquals(null, report.resultRows());
    }

    @Test
    void notesTheColumnsAndRowsOfAQueryResult() throws Exception {
        String result = "{\"statement_response\":{\"manifest\":{\"schema\":{\"columns\":[{\"name\":\"id\"},{\"name\":\"email\"}]}},"
                + "\"result\":{\"data_array\":[[\"1\",\"a@example.com\"],[\"2\",null],[\"3\",\"c@example.com\"]]}}}";
        RedactionReport report = reportOf(result);
        assertEquals(List.of("id", "email"), report.resultColumns());
        assertEquals(3L, report.resultRows());
        assertEquals(Map.of("email", Map.of("EMAIL", 2)), report.countsByColumn());
        assertEquals(0L, reportOf("{\"statement_response\":{\"result\":{\"data_array\":[]}}}").resultRows(),
                "an empty data_array is zero rows, not none");
    }

    @Test
    void countsLinksToDataOutsideTheBody() throws Exception {
        JsonRedactor redactor = new JsonRedactor(RedactionPolicy.defaults());
        String links = "{\"statement_response\":{\"result\":{\"external_links\":[{\"external_link\":\"https://storage.example/a?sig=1\"},"
                + "{\"external_link\":\"https://storage.example/b?sig=2\"}]}}}";
        RedactionReport.Builder builder = RedactionReport.builder();
        byte[] out = redactor.redact(links.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, builder);
        assertEquals(2, builder.build().externalLinks());
        assertEquals(links, new String(out, java.nio.charset.StandardCharsets.UTF_8), "the links themselves pass as they are");
        assertEquals(0, reportOf("{\"result\":{\"external_links\":[],\"external_link\":\"\"}}").externalLinks());
    }

    /** The report of redacting {@code json} with the default policy. */
    private static RedactionReport reportOf(String json) throws RedactionException {
        RedactionReport.Builder builder = RedactionReport.builder();
        new JsonRedactor(RedactionPolicy.defaults()).redact(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, builder);
        return builder.build();
    }
}
