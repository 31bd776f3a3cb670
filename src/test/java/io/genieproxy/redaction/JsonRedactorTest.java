package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRedactorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final RedactionScope NOBODY = new RedactionScope("space-1", Set.of());

    private static final String MESSAGE = """
            {"message_id": "01f0a6c1e2d34b5c8d7e6f5a4b3c2d1e", "conversation_id": "01f0a6c1d0e94f3a9b8c7d6e5f4a3b2c",
             "space_id": "01ef9d2c3b4a5e6f7a8b9c0d1e2f3a4b", "user_id": 4816235087712345,
             "content": "Orders for jane.roe@example.com or card 4111 1111 1111 1111?", "status": "COMPLETED",
             "created_timestamp": 1742486400123, "last_updated_timestamp": 1742486411876,
             "attachments": [
              {"attachment_id": "01f0a6c1f1aa4c0b9e8d7c6b5a493827",
               "query": {"title": "Orders of jane.roe@example.com", "description": "Calls to +44 20 7946 0958",
                 "query": "SELECT * FROM main.crm.orders WHERE email = 'jane.roe@example.com' AND `phone` IS NOT NULL -- ssn 536-22-1234",
                 "statement_id": "01f0a6c1-f2b3-1c4d-9e8f-7a6b5c4d3e2f",
                 "query_result_metadata": {"row_count": 3, "is_truncated": false},
                 "parameters": [{"keyword": "email", "sql_type": "STRING", "value": "jane.roe@example.com"}],
                 "thoughts": [{"thought_type": "THOUGHT_TYPE_DESCRIPTION", "content": "Filter on SSN 536-22-1234"}]}},
              {"attachment_id": "01f0a6c1f3cc4d1e8f7a6b5c4d3e2f10",
               "text": {"id": "01f0a6c1f3cc4d1e8f7a6b5c4d3e2f10", "purpose": "TEXT_ATTACHMENT_PURPOSE_ANSWER",
                 "content": "Jane (jane.roe@example.com, (202) 555-0123) spent 125,000.50 on 2024-03-01."}},
              {"attachment_id": "a3", "suggested_questions": {"questions": ["Who else uses 192.0.2.44?", "Top regions?"]}}],
             "error": {"error": "no access for 203.0.113.7", "type": "SQL_EXECUTION_EXCEPTION"},
             "feedback": {"rating": "POSITIVE", "comment": "mail me: bob@example.org"},
             "query_result": {"statement_id": "01f0a6c1-f2b3-1c4d-9e8f-7a6b5c4d3e2f", "row_count": 3}}
            """;

    private static final String RESULT = """
            {"statement_response": {"statement_id": "01f0a6c1-f2b3-1c4d-9e8f-7a6b5c4d3e2f",
             "status": {"state": "SUCCEEDED"},
             "manifest": {"format": "JSON_ARRAY", "total_row_count": 3, "truncated": false,
               "schema": {"column_count": 5, "columns": [
                 {"name": "customer_id", "type_name": "STRING", "type_text": "STRING", "position": 0},
                 {"name": "EMAIL", "type_name": "STRING", "type_text": "STRING", "position": 1},
                 {"name": "ssn", "type_name": "STRING", "type_text": "STRING", "position": 2},
                 {"name": "notes", "type_name": "STRING", "type_text": "STRING", "position": 3},
                 {"name": "created_at", "type_name": "TIMESTAMP", "type_text": "TIMESTAMP", "position": 4}]}},
             "result": {"chunk_index": 0, "row_offset": 0, "row_count": 3,
               "data_array": [["C-000001", "jane.roe@example.com", "536-22-1234", "call +1 202-555-0123", "2024-03-01T10:15:30.000Z"],
                              ["C-000002", "JANE.ROE@example.com", "536221234", "IBAN DE89 3704 0044 0532 0130 00", "2024-03-02T11:00:00.000Z"],
                              ["C-000003", null, null, "nothing here", null]]}}}
            """;

    private static String redact(RedactionPolicy policy, String json, RedactionScope scope, RedactionReport.Builder report)
            throws RedactionException {
        return new String(new JsonRedactor(policy).redact(json.getBytes(StandardCharsets.UTF_8), scope, report), StandardCharsets.UTF_8);
    }

    private static String redact(String json) throws RedactionException {
        return redact(RedactionPolicy.defaults(), json, NOBODY, RedactionReport.builder());
    }

    private static RedactionPolicy policy(Map<String, Object> tree) {
        return RedactionPolicy.fromTree(tree, name -> KEY);
    }

    @Test
    void masksEveryFreeTextFieldOfAMessage() throws Exception {
        RedactionReport.Builder report = RedactionReport.builder();
        String out = redact(RedactionPolicy.defaults(), MESSAGE, NOBODY, report);
        for (String value : List.of("jane.roe@example.com", "4111 1111 1111 1111", "7946 0958", "536-22-1234", "555-0123",
                "192.0.2.44", "203.0.113.7", "bob@example.org")) {
            assertFalse(out.contains(value), value + " leaked: " + out);
        }
        JsonNode root = MAPPER.readTree(out);
        assertEquals("Orders for [REDACTED:EMAIL] or card [REDACTED:PAYMENT_CARD]?", root.get("content").asText());
        JsonNode text = root.get("attachments").get(1).get("text");
        assertEquals("Jane ([REDACTED:EMAIL], [REDACTED:PHONE]) spent 125,000.50 on 2024-03-01.", text.get("content").asText());
        assertEquals("Top regions?", root.get("attachments").get(2).get("suggested_questions").get("questions").get(1).asText());
        RedactionReport built = report.build();
        assertEquals(6, built.countsByCategory().get("EMAIL"), built.toString());
        assertTrue(built.total() >= 10, built.toString());
    }

    @Test
    void leavesStructuralFieldsUntouched() throws Exception {
        JsonNode before = MAPPER.readTree(MESSAGE);
        JsonNode after = MAPPER.readTree(redact(MESSAGE));
        for (String field : List.of("message_id", "conversation_id", "space_id", "user_id", "status", "created_timestamp",
                "last_updated_timestamp")) {
            assertEquals(before.get(field), after.get(field), field);
        }
        JsonNode query = after.get("attachments").get(0).get("query");
        assertEquals("01f0a6c1-f2b3-1c4d-9e8f-7a6b5c4d3e2f", query.get("statement_id").asText());
        assertEquals(before.get("attachments").get(0).get("query").get("query_result_metadata"), query.get("query_result_metadata"));
        assertEquals("email", query.get("parameters").get(0).get("keyword").asText());
        assertEquals("[REDACTED:EMAIL]", query.get("parameters").get(0).get("value").asText());
        assertEquals("THOUGHT_TYPE_DESCRIPTION", query.get("thoughts").get(0).get("thought_type").asText());
        assertEquals("TEXT_ATTACHMENT_PURPOSE_ANSWER", after.get("attachments").get(1).get("text").get("purpose").asText());
        assertEquals("SQL_EXECUTION_EXCEPTION", after.get("error").get("type").asText());
        assertEquals("no access for [REDACTED:IP_ADDRESS]", after.get("error").get("error").asText());
    }

    @Test
    void redactsStringLiteralsAndCommentsInGeneratedSqlNotIdentifiers() throws Exception {
        JsonNode query = MAPPER.readTree(redact(MESSAGE)).get("attachments").get(0).get("query");
        assertEquals("SELECT * FROM main.crm.orders WHERE email = '[REDACTED:EMAIL]' AND `phone` IS NOT NULL -- ssn [REDACTED:US_SSN]",
                query.get("query").asText());
    }

    /** Numbers are literals too: a card number compared as a BIGINT would otherwise reach the caller as it is. */
    @Test
    void redactsLongNumericLiteralsInGeneratedSqlWithTheComparedColumnAsContext() throws Exception {
        String sql = "SELECT * FROM t WHERE card = 4111111111111111L AND `home phone` IN (4155550142, 2025550123)"
                + " AND ssn = '536221234' AND id = 2025550123 AND amount > 1234567.89 AND col_4111111111111111 > 0 LIMIT 10";
        String body = "{\"attachments\":[{\"query\":{\"query\":" + MAPPER.writeValueAsString(sql) + "}}]}";
        assertEquals("SELECT * FROM t WHERE card = [REDACTED:PAYMENT_CARD]L AND `home phone` IN ([REDACTED:PHONE], [REDACTED:PHONE])"
                        + " AND ssn = '[REDACTED:US_SSN]' AND id = 2025550123 AND amount > 1234567.89 AND col_4111111111111111 > 0 LIMIT 10",
                MAPPER.readTree(redact(body)).get("attachments").get(0).get("query").get("query").asText());
    }

    @Test
    void leavesSqlAsGeneratedWhenThePolicySaysSo() throws Exception {
        RedactionPolicy policy = policy(Map.of("defaults", Map.of("redact-sql-literals", false)));
        JsonNode query = MAPPER.readTree(redact(policy, MESSAGE, NOBODY, RedactionReport.builder()))
                .get("attachments").get(0).get("query");
        assertTrue(query.get("query").asText().contains("'jane.roe@example.com'"));
        assertEquals("Orders of [REDACTED:EMAIL]", query.get("title").asText());
    }

    @Test
    void keepsRowAndColumnCountsAndColumnNamesOfAQueryResult() throws Exception {
        JsonNode before = MAPPER.readTree(RESULT).get("statement_response");
        JsonNode after = MAPPER.readTree(redact(RESULT)).get("statement_response");
        assertEquals(before.get("manifest"), after.get("manifest"));
        JsonNode rows = after.get("result").get("data_array");
        assertEquals(3, rows.size());
        for (JsonNode row : rows) {
            assertEquals(5, row.size());
        }
        assertEquals("C-000001", rows.get(0).get(0).asText());
        assertEquals("[REDACTED:EMAIL]", rows.get(0).get(1).asText());
        assertEquals("[REDACTED:US_SSN]", rows.get(0).get(2).asText());
        assertEquals("[REDACTED:US_SSN]", rows.get(1).get(2).asText(), "bare digits in a column named ssn");
        assertEquals("call [REDACTED:PHONE]", rows.get(0).get(3).asText());
        assertEquals("IBAN [REDACTED:IBAN]", rows.get(1).get(3).asText());
        assertEquals("2024-03-01T10:15:30.000Z", rows.get(0).get(4).asText());
        assertTrue(rows.get(2).get(1).isNull());
    }

    @Test
    void masksPersonalDataInColumnNamesAsAPivotMakesThemWhileRulesStillSeeTheNames() throws Exception {
        String pivot = """
                {"statement_response": {"manifest": {"schema": {"columns": [
                  {"name": "month", "type_name": "STRING"},
                  {"name": "jane.roe@example.com", "type_name": "DECIMAL"},
                  {"name": "ssn", "type_name": "STRING"}]}},
                 "result": {"data_array": [["2025-01", "paid by card 4111 1111 1111 1111", "536221234"]]}}}
                """;
        RedactionPolicy policy = policy(Map.of("defaults", Map.of("columns", Map.of("ssn", "drop"))));
        RedactionReport.Builder report = RedactionReport.builder();
        String out = redact(policy, pivot, NOBODY, report);
        JsonNode response = MAPPER.readTree(out).get("statement_response");
        JsonNode columns = response.get("manifest").get("schema").get("columns");
        assertEquals("month", columns.get(0).get("name").asText());
        assertEquals("[REDACTED:EMAIL]", columns.get(1).get("name").asText());
        assertEquals("ssn", columns.get(2).get("name").asText());
        assertTrue(response.get("result").get("data_array").get(0).get(2).isNull(), "the rule for ssn still applies: " + out);
        assertFalse(out.contains("jane.roe"), out);
        RedactionReport built = report.build();
        assertEquals(List.of("month", "[REDACTED:EMAIL]", "ssn"), built.resultColumns(), "the report holds no value either");
        assertEquals(Map.of("PAYMENT_CARD", 1), built.countsByColumn().get("[REDACTED:EMAIL]"),
                "counts of the renamed column are kept under the name the caller sees: " + built.countsByColumn());
        assertFalse(built.countsByColumn().toString().contains("jane.roe"), built.countsByColumn().toString());
    }

    @Test
    void appliesColumnRulesByCaseInsensitiveColumnName() throws Exception {
        RedactionPolicy policy = policy(Map.of("pseudonym-key-env", "K",
                "defaults", Map.of("columns", Map.of("email", "pseudonym", "SSN", "drop", "customer_id", "mask"))));
        RedactionReport.Builder report = RedactionReport.builder();
        JsonNode rows = MAPPER.readTree(redact(policy, RESULT, NOBODY, report)).get("statement_response").get("result").get("data_array");
        String first = rows.get(0).get(1).asText();
        assertTrue(first.matches("EMAIL_[0-9a-f]{12}"), first);
        assertEquals(first, rows.get(1).get(1).asText(), "the same address in another case gets the same pseudonym");
        assertTrue(rows.get(0).get(2).isNull());
        assertTrue(rows.get(1).get(2).isNull());
        assertEquals("[REDACTED:COLUMN]", rows.get(0).get(0).asText());
        assertTrue(rows.get(2).get(1).isNull(), "SQL NULL stays null");
        RedactionReport built = report.build();
        assertEquals(Map.of("EMAIL", 2), built.countsByColumn().get("EMAIL"));
        assertEquals(Map.of("US_SSN", 2), built.countsByColumn().get("ssn"));
        assertEquals(Map.of("COLUMN", 3), built.countsByColumn().get("customer_id"));
    }

    @Test
    void appliesColumnRulesWhenTheResultComesBeforeTheManifest() throws Exception {
        String reordered = """
                {"statement_response": {"statement_id": "s1",
                 "result": {"row_count": 1, "data_array": [["jane.roe@example.com", "4111111111111111"]]},
                 "status": {"state": "SUCCEEDED"},
                 "manifest": {"schema": {"column_count": 2, "columns": [{"name": "email"}, {"name": "card_number"}]}}}}
                """;
        RedactionPolicy policy = policy(Map.of("defaults", Map.of("columns", Map.of("card_number", "partial", "email", "drop"))));
        RedactionReport.Builder report = RedactionReport.builder();
        JsonNode response = MAPPER.readTree(redact(policy, reordered, NOBODY, report)).get("statement_response");
        JsonNode row = response.get("result").get("data_array").get(0);
        assertTrue(row.get(0).isNull());
        assertEquals("************1111", row.get(1).asText());
        assertEquals("SUCCEEDED", response.get("status").get("state").asText());
        assertEquals(Set.of("email", "card_number"), report.build().countsByColumn().keySet());
    }

    @Test
    void leavesExternalLinksAsTheyAre() throws Exception {
        String json = """
                {"statement_response": {"result": {"external_links": [{"external_link":
                  "https://bucket.example.com/x?sig=abc&user=jane.roe@example.com", "expiration": "2024-03-01T10:15:30Z",
                  "http_headers": {"x-ms-meta": "192.0.2.1"}}]}}}
                """;
        assertEquals(MAPPER.readTree(json), MAPPER.readTree(redact(json)));
    }

    @Test
    void passesNumbersBooleansAndNullsThrough() throws Exception {
        String json = "{\"a\": 4111111111111111, \"b\": true, \"c\": null, \"d\": [1.5, false], \"e\": -2}";
        assertEquals(MAPPER.readTree(json), MAPPER.readTree(redact(json)));
    }

    @Test
    void givesCallersInAnExemptGroupTheRawValues() throws Exception {
        RedactionPolicy policy = policy(Map.of("exempt-groups", Map.of("pii-readers", List.of("ALL"), "support", List.of("EMAIL")),
                "defaults", Map.of("columns", Map.of("ssn", "drop"))));
        String raw = redact(policy, RESULT, new RedactionScope("space-1", Set.of("pii-readers")), RedactionReport.builder());
        assertEquals(MAPPER.readTree(RESULT), MAPPER.readTree(raw));
        JsonNode rows = MAPPER.readTree(redact(policy, RESULT, new RedactionScope("space-1", Set.of("support")),
                RedactionReport.builder())).get("statement_response").get("result").get("data_array");
        assertEquals("jane.roe@example.com", rows.get(0).get(1).asText());
        assertTrue(rows.get(0).get(2).isNull());
        assertEquals("call [REDACTED:PHONE]", rows.get(0).get(3).asText());
    }

    @Test
    void appliesPerSpaceOverrides() throws Exception {
        RedactionPolicy policy = policy(Map.of("spaces", Map.of("hr", Map.of("enable", List.of("UK_NINO"), "mode", "drop"))));
        String json = "{\"content\": \"NINO AB 12 34 56 C, mail a@example.com\"}";
        assertEquals("NINO AB 12 34 56 C, mail [REDACTED:EMAIL]",
                MAPPER.readTree(redact(policy, json, new RedactionScope("sales", Set.of()), RedactionReport.builder())).get("content").asText());
        assertEquals("NINO , mail ",
                MAPPER.readTree(redact(policy, json, new RedactionScope("hr", Set.of()), RedactionReport.builder())).get("content").asText());
    }

    @Test
    void formatPreservingKeepsLengthAndSeparatorsDeterministically() throws Exception {
        RedactionPolicy policy = policy(Map.of("pseudonym-key-env", "K", "defaults", Map.of("mode", "format-preserving")));
        JsonRedactor redactor = new JsonRedactor(policy);
        String once = redactor.redactText("card 4111-1111-1111-1111", NOBODY, RedactionReport.builder());
        String twice = redactor.redactText("card 4111-1111-1111-1111", NOBODY, RedactionReport.builder());
        assertEquals(once, twice);
        assertTrue(once.matches("card \\d{4}-\\d{4}-\\d{4}-\\d{4}"), once);
        assertNotEquals("card 4111-1111-1111-1111", once);
        assertEquals("xxxx.xxx@xxxxxxx.xxx".length(), redactor.redactText("jane.roe@example.com", NOBODY, RedactionReport.builder()).length());
    }

    @Test
    void pseudonymsDependOnTheKey() {
        RedactionPolicy one = RedactionPolicy.fromTree(Map.of("pseudonym-key-env", "K", "defaults", Map.of("mode", "pseudonym")), n -> KEY);
        RedactionPolicy two = RedactionPolicy.fromTree(Map.of("pseudonym-key-env", "K", "defaults", Map.of("mode", "pseudonym")),
                n -> KEY.replace('0', 'z'));
        String a = new JsonRedactor(one).redactText("a@example.com", NOBODY, RedactionReport.builder());
        String b = new JsonRedactor(two).redactText("a@example.com", NOBODY, RedactionReport.builder());
        assertTrue(a.matches("EMAIL_[0-9a-f]{12}"), a);
        assertNotEquals(a, b);
    }

    @Test
    void partialModeKeepsTheLastFourAndTheLayout() {
        RedactionPolicy policy = policy(Map.of("defaults", Map.of("mode", "partial")));
        assertEquals("pay **** **** **** 1111 now",
                new JsonRedactor(policy).redactText("pay 4111 1111 1111 1111 now", NOBODY, RedactionReport.builder()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\": }", "{\"a\": \"b\"} {}", "[1, 2", "<html>502</html>", "{\"a\": \"b\", \"a\": \"c\"}"})
    void refusesABodyThatIsNotOneWellFormedJsonValue(String body) {
        RedactionException e = assertThrows(RedactionException.class, () -> redact(body));
        assertFalse(e.getMessage().contains("html"));
    }

    @Test
    void streamsTheSameBytesAsTheBufferedForm() throws Exception {
        JsonRedactor redactor = new JsonRedactor(RedactionPolicy.defaults());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RedactionReport report = redactor.redact(new ByteArrayInputStream(RESULT.getBytes(StandardCharsets.UTF_8)), out, NOBODY);
        RedactionReport.Builder buffered = RedactionReport.builder();
        assertArrayEquals(redactor.redact(RESULT.getBytes(StandardCharsets.UTF_8), NOBODY, buffered), out.toByteArray());
        assertEquals(buffered.build().countsByCategory(), report.countsByCategory());
    }

    @Test
    void reportsCountsAndPathsButNeverValues() throws Exception {
        RedactionReport.Builder builder = RedactionReport.builder();
        redact(RedactionPolicy.defaults(), MESSAGE, NOBODY, builder);
        redact(RedactionPolicy.defaults(), RESULT, NOBODY, builder);
        RedactionReport report = builder.build();
        String everything = report.toString() + report.jsonPaths() + report.countsByColumn() + report.countsByCategory();
        for (String value : List.of("jane", "4111", "536", "555", "7946", "192.0.2", "DE89", "bob")) {
            assertFalse(everything.contains(value), value + " in " + everything);
        }
        assertTrue(report.jsonPaths().contains("attachments[*].query.query"), report.jsonPaths().toString());
        assertTrue(report.jsonPaths().contains("statement_response.result.data_array[*][*]"), report.jsonPaths().toString());
        assertEquals(Map.of("US_SSN", 2), report.countsByColumn().get("ssn"));
    }

    @Test
    void redactsFreeTextForAuditRecords() {
        JsonRedactor redactor = new JsonRedactor(RedactionPolicy.defaults());
        RedactionReport.Builder report = RedactionReport.builder();
        assertEquals("orders of [REDACTED:EMAIL] since 2024-01-01",
                redactor.redactText("orders of jane.roe@example.com since 2024-01-01", NOBODY, report));
        assertEquals(1, report.build().total());
    }

    @Test
    void streamsALargeResultWithoutChangingItsShape() throws Exception {
        StringBuilder json = new StringBuilder("{\"statement_response\": {\"manifest\": {\"schema\": {\"columns\": [{\"name\": \"email\"}, {\"name\": \"n\"}]}}, \"result\": {\"data_array\": [");
        int rows = 20_000;
        for (int i = 0; i < rows; i++) {
            json.append(i == 0 ? "" : ",").append("[\"user").append(i).append("@example.com\", \"").append(i).append("\"]");
        }
        json.append("]}}}");
        RedactionReport.Builder report = RedactionReport.builder();
        JsonNode data = MAPPER.readTree(redact(RedactionPolicy.defaults(), json.toString(), NOBODY, report))
                .get("statement_response").get("result").get("data_array");
        assertEquals(rows, data.size());
        assertEquals(rows, report.build().countsByCategory().get("EMAIL"));
    }
}
