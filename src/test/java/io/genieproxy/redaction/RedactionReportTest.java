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
                .record(PiiCategory.PHONE, "phone", "$.a")
                .record(PiiCategory.EMAIL, "notes", "$.a")
                .record(PiiCategory.PHONE, "notes", "$.b")
                .record("COLUMN", "card_number", "$.b")
                .record("EMAIL", null, null)
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
    void anEmptyReportHasNoCounts() {
        RedactionReport report = RedactionReport.builder().build();
        assertEquals(Map.of(), report.countsByCategory());
        assertEquals(Map.of(), report.countsByColumn());
        assertEquals(0, report.total());
    }

    @Test
    void keepsAtMostMaxPathsPaths() {
        RedactionReport.Builder builder = RedactionReport.builder();
        for (int i = 0; i < RedactionReport.MAX_PATHS * 2; i++) {
            builder.record(PiiCategory.IBAN, null, "$.p" + i);
        }
        assertEquals(RedactionReport.MAX_PATHS, builder.build().jsonPaths().size());
    }
}
