package io.genieproxy.redaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Generated bodies against the redactor's promises, from a fixed seed: for well-formed Genie bodies in any layout
 * (keys in any order, whitespace, JSON escapes hiding PII, the result before its manifest, non-ASCII text) the answer
 * is valid JSON of the same shape in which no planted value survives, buffered and streamed alike; for bodies broken
 * at random (bytes flipped, cut, inserted, invalid UTF-8) it is either such JSON or a {@link RedactionException},
 * never another exception. {@code -Dfuzz.seed=N -Dfuzz.rounds=M} runs other and more cases.
 */
class JsonRedactorFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RedactionScope NOBODY = new RedactionScope("space-1", Set.of());
    /** Values of every core category, each found by the default policy on its own (checked first). */
    private static final List<String> PLANTED = List.of("jane.roe@example.com", "bob.smith+crm@mail.example.org",
            "MARIA.SCHMIDT@Example.DE", "jane.roe%40example.com", "jürgen.müller@example.de", "4111 1111 1111 1111", "5500-0000-0000-0004", "4012888888881881", "378282246310005",
            "536-22-1234", "123 45 6789", "+44 20 7946 0958", "(202) 555-0123", "+1 415-555-0142", "+49 30 901820",
            "0044 20 7946 0958", "+33 1 23 45 67 89", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
            "FR1420041010050500013M02606", "192.0.2.44", "203.0.113.7", "10.20.30.40", "2001:db8::8a2e:370:7334",
            "fe80::1%eth0", "::ffff:192.0.2.128");
    /** Values of every optional category that need no context word, each found on its own once all are enabled. */
    private static final List<String> OPTIONAL_PLANTED = List.of("987-88-6543", "923-50-1234", "CE483921B", "AB 12 34 56 C",
            "450-557-7104", "193-456-787", "00-1a-2b-3c-4d-5e", "00:1A:2B:3C:4D:5E", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "www.example.org/page", "http://intranet.example.com/users/jdoe");
    /** What may stand between two pieces of text: each leaves a planted value standing alone. */
    private static final List<String> SEPARATORS = List.of(" ", ", ", "; ", " (", ") ", "\n", ": ", " | ", " and ", ". ",
            "! ", "? ", " = ", "='", "' ", " \"", "\" ", " `", "` ", " **", "** ", "<", ">", " [", "] ", "\t");
    /** Text that must pass as it is, between the planted values. */
    private static final List<String> HARMLESS = List.of("order ORD-2024-000123", "2024-03-01T10:15:30.000Z", "total 125,000.50",
            "v1.2.3", "ticket #4711", "Zürich café", "日本語のメモ", "ok", "", "a \"quoted\" word", "tab\tand\nnewline");
    private static final String[] COLUMNS = {"customer_id", "email", "phone", "notes", "iban", "ip", "amount", "ssn"};

    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 300);
    private final Random random = new Random(Long.getLong("fuzz.seed", 20261123));
    private final JsonRedactor redactor = new JsonRedactor(RedactionPolicy.defaults());
    /** The values {@link #text} plants. */
    private List<String> plantable = PLANTED;

    @Test
    void everyPlantedValueIsFoundOnItsOwn() {
        for (String value : PLANTED) {
            String redacted = redactor.redactText("x " + value + " y", NOBODY, RedactionReport.builder());
            assertFalse(redacted.contains(value), value + " -> " + redacted);
        }
    }

    @Test
    void wellFormedBodiesInAnyLayoutComeBackRedactedWithTheirShape() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            Body body = random.nextBoolean() ? queryResult() : message();
            byte[] redacted = redactBothWays(body.json);
            JsonNode in = MAPPER.readTree(body.json);
            JsonNode out = MAPPER.readTree(redacted);
            assertSameShape(in, out, body.json);
            String decoded = out.toString() + strings(out);
            for (String planted : body.planted) {
                assertFalse(decoded.contains(planted), planted + " survived in " + new String(redacted, StandardCharsets.UTF_8) + " from " + body.json);
            }
        }
    }

    @Test
    void withEveryCategoryEnabledNoPlantedValueOfAnyCategorySurvives() throws Exception {
        List<String> optional = java.util.Arrays.stream(PiiCategory.values()).filter(c -> !c.isCore()).map(Enum::name).toList();
        JsonRedactor everything = new JsonRedactor(RedactionPolicy.fromTree(Map.of("defaults", Map.of("enable", optional)), name -> null));
        for (String value : OPTIONAL_PLANTED) {
            String redacted = everything.redactText("x " + value + " y", NOBODY, RedactionReport.builder());
            assertFalse(redacted.contains(value), value + " -> " + redacted);
        }
        plantable = new ArrayList<>(PLANTED);
        plantable.addAll(OPTIONAL_PLANTED);
        for (int i = 0; i < ROUNDS; i++) {
            Body body = random.nextBoolean() ? queryResult() : message();
            JsonNode out = MAPPER.readTree(everything.redact(body.json.getBytes(StandardCharsets.UTF_8), NOBODY, RedactionReport.builder()));
            String decoded = strings(out);
            for (String planted : body.planted) {
                assertFalse(decoded.contains(planted), planted + " survived in " + out + " from " + body.json);
            }
        }
    }

    @Test
    void brokenBodiesGiveValidJsonOrARedactionExceptionAndNothingElse() throws Exception {
        int refused = 0;
        for (int i = 0; i < 2 * ROUNDS; i++) {
            Body body = random.nextBoolean() ? queryResult() : message();
            byte[] broken = mutate(body.json.getBytes(StandardCharsets.UTF_8));
            byte[] redacted;
            try {
                redacted = redactor.redact(broken, NOBODY, RedactionReport.builder());
            } catch (RedactionException e) {
                refused++;
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("unexpected " + e + " for " + new String(broken, StandardCharsets.ISO_8859_1), e);
            }
            try {
                MAPPER.readTree(redacted);
            } catch (IOException e) {
                fail("invalid JSON out of a body that was accepted: " + new String(redacted, StandardCharsets.UTF_8));
            }
        }
        assertTrue(refused > ROUNDS / 3, "most broken bodies are refused: " + refused);
    }

    @Test
    void columnRulesReplaceWholeCellsAndExemptCallersSeeTheBodyAsItCame() throws Exception {
        RedactionPolicy policy = RedactionPolicy.fromTree(Map.of("pseudonym-key-env", "FUZZ_KEY",
                "exempt-groups", Map.of("pii-readers", List.of("ALL")),
                "defaults", Map.of("columns", Map.of("email", "pseudonym", "ssn", "drop", "phone", "partial"))),
                name -> "fuzz-key-fuzz-key-fuzz-key-fuzz-key");
        JsonRedactor columnRules = new JsonRedactor(policy);
        Map<String, String> pseudonyms = new HashMap<>();
        for (int i = 0; i < ROUNDS; i++) {
            Body body = queryResult();
            byte[] json = body.json.getBytes(StandardCharsets.UTF_8);
            JsonNode in = MAPPER.readTree(json);
            JsonNode out = MAPPER.readTree(columnRules.redact(json, NOBODY, RedactionReport.builder()));
            String decoded = strings(out);
            for (String planted : body.planted) {
                assertFalse(decoded.contains(planted), planted + " survived in " + out + " from " + body.json);
            }
            JsonNode columns = in.at("/statement_response/manifest/schema/columns");
            JsonNode rowsIn = in.at("/statement_response/result/data_array");
            JsonNode rowsOut = out.at("/statement_response/result/data_array");
            for (int r = 0; r < rowsIn.size(); r++) {
                for (int c = 0; c < columns.size(); c++) {
                    JsonNode cellIn = rowsIn.get(r).get(c);
                    JsonNode cellOut = rowsOut.get(r).get(c);
                    String column = columns.get(c).get("name").asText();
                    if (!cellIn.isTextual() || cellIn.asText().isEmpty()) {
                        assertEquals(cellIn, cellOut, column);
                    } else if (column.equals("ssn")) {
                        assertTrue(cellOut.isNull(), "a dropped column: " + cellOut);
                    } else if (column.equals("email")) {
                        String previous = pseudonyms.putIfAbsent(cellIn.asText(), cellOut.asText());
                        assertEquals(previous == null ? cellOut.asText() : previous, cellOut.asText(), "one pseudonym per value");
                        assertNotEquals(cellIn.asText(), cellOut.asText());
                    }
                }
            }
            JsonNode raw = MAPPER.readTree(columnRules.redact(json, new RedactionScope("space-1", Set.of("pii-readers")),
                    RedactionReport.builder()));
            assertEquals(in, raw, "an exempt caller gets the values as they came");
        }
        // Spellings of one value (case, separators) share a pseudonym by design; different values do not.
        assertTrue(Set.copyOf(pseudonyms.values()).size() > pseudonyms.size() * 9 / 10, "pseudonyms tell values apart");
    }

    /** The buffered answer, after checking that the streamed one has the same bytes. */
    private byte[] redactBothWays(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        byte[] buffered = redactor.redact(bytes, NOBODY, RedactionReport.builder());
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        redactor.redact(new ByteArrayInputStream(bytes), streamed, NOBODY);
        assertArrayEquals(buffered, streamed.toByteArray(), json);
        return buffered;
    }

    private static void assertSameShape(JsonNode in, JsonNode out, String json) {
        assertEquals(in.getNodeType(), out.getNodeType(), json);
        if (in.isArray()) {
            assertEquals(in.size(), out.size(), json);
            for (int i = 0; i < in.size(); i++) {
                assertSameShape(in.get(i), out.get(i), json);
            }
        } else if (in.isObject()) {
            assertEquals(in.size(), out.size(), json);
            in.fieldNames().forEachRemaining(name -> {
                assertTrue(out.has(name), name + " missing: " + json);
                assertSameShape(in.get(name), out.get(name), json);
            });
        }
    }

    /** Every string value of {@code node}, so that a value split by escapes in the text is still seen whole. */
    private static String strings(JsonNode node) {
        StringBuilder all = new StringBuilder();
        if (node.isTextual()) {
            all.append(node.asText()).append('\n');
        }
        node.elements().forEachRemaining(child -> all.append(strings(child)));
        return all.toString();
    }

    /** A generated body and the values planted in it. */
    private record Body(String json, List<String> planted) {
    }

    private Body queryResult() {
        List<String> planted = new ArrayList<>();
        int columns = 1 + random.nextInt(COLUMNS.length);
        StringBuilder manifest = new StringBuilder("\"manifest\":{\"format\":\"JSON_ARRAY\",\"schema\":{\"column_count\":")
                .append(columns).append(",\"columns\":[");
        for (int c = 0; c < columns; c++) {
            manifest.append(c == 0 ? "" : ",").append("{\"name\":").append(quoted(COLUMNS[c])).append(",\"position\":").append(c).append('}');
        }
        manifest.append("]}}");
        StringBuilder result = new StringBuilder("\"result\":{\"row_count\":");
        int rows = random.nextInt(6);
        result.append(rows).append(",\"data_array\":[");
        for (int r = 0; r < rows; r++) {
            result.append(r == 0 ? "" : ",").append(space()).append('[');
            for (int c = 0; c < columns; c++) {
                result.append(c == 0 ? "" : ",").append(space());
                int kind = random.nextInt(10);
                if (kind == 0) {
                    result.append("null");
                } else if (kind == 1) {
                    result.append(random.nextInt(100000));
                } else {
                    result.append(quoted(text(planted)));
                }
            }
            result.append(']');
        }
        result.append("]}");
        String statement = "\"statement_id\":\"01f0a6c1-f2b3-1c4d-9e8f-7a6b5c4d3e2f\",\"status\":{\"state\":\"SUCCEEDED\"}";
        List<String> members = new ArrayList<>(List.of(statement, manifest.toString(), result.toString()));
        java.util.Collections.shuffle(members, random);
        return new Body("{\"statement_response\":{" + String.join("," + space(), members) + "}}", planted);
    }

    private Body message() {
        List<String> planted = new ArrayList<>();
        List<String> members = new ArrayList<>(List.of(
                "\"message_id\":\"01f0a6c1e2d34b5c8d7e6f5a4b3c2d1e\"",
                "\"content\":" + quoted(text(planted)),
                "\"status\":\"COMPLETED\"",
                "\"attachments\":[{\"query\":{\"title\":" + quoted(text(planted)) + ",\"description\":" + quoted(text(planted))
                        + ",\"query\":" + quoted("SELECT * FROM t WHERE note = '" + text(planted).replace("'", "") + "'") + "}},"
                        + "{\"text\":{\"content\":" + quoted(text(planted)) + "}},"
                        + "{\"suggested_questions\":{\"questions\":[" + quoted(text(planted)) + "," + quoted(text(planted)) + "]}}]",
                "\"error\":{\"error\":" + quoted(text(planted)) + ",\"type\":\"SQL_EXECUTION_EXCEPTION\"}"));
        java.util.Collections.shuffle(members, random);
        return new Body("{" + space() + String.join("," + space(), members) + space() + "}", planted);
    }

    /** Free text of harmless pieces and planted values, separated so that each planted value stands alone. */
    private String text(List<String> planted) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(4);
        for (int p = 0; p < pieces; p++) {
            text.append(p == 0 ? "" : SEPARATORS.get(random.nextInt(SEPARATORS.size())));
            if (random.nextInt(3) == 0) {
                text.append(HARMLESS.get(random.nextInt(HARMLESS.size())));
            } else {
                String value = plantable.get(random.nextInt(plantable.size()));
                planted.add(value);
                text.append(value);
            }
        }
        return text.toString();
    }

    /** {@code text} as a JSON string, with some characters written as escapes ({@code \u0040} for {@code @} and so on). */
    private String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || random.nextInt(25) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (c == '/' && random.nextBoolean()) {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private String space() {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            default -> "";
        };
    }

    private static final byte[] NASTY = "\"\\{}[],:0nu\u0000\t".getBytes(StandardCharsets.ISO_8859_1);

    /** {@code json} broken one to three times: a byte changed, a range cut, bytes inserted (some not UTF-8), or cut short. */
    private byte[] mutate(byte[] json) {
        byte[] out = json;
        int times = 1 + random.nextInt(3);
        for (int t = 0; t < times && out.length > 0; t++) {
            int at = random.nextInt(out.length);
            out = switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] copy = out.clone();
                    copy[at] = random.nextBoolean() ? NASTY[random.nextInt(NASTY.length)] : (byte) random.nextInt(256);
                    yield copy;
                }
                case 1 -> {
                    int end = Math.min(out.length, at + 1 + random.nextInt(8));
                    byte[] copy = new byte[out.length - (end - at)];
                    System.arraycopy(out, 0, copy, 0, at);
                    System.arraycopy(out, end, copy, at, out.length - end);
                    yield copy;
                }
                case 2 -> {
                    byte[] inserted = new byte[1 + random.nextInt(3)];
                    for (int k = 0; k < inserted.length; k++) {
                        inserted[k] = random.nextBoolean() ? NASTY[random.nextInt(NASTY.length)] : (byte) (0x80 + random.nextInt(128));
                    }
                    byte[] copy = new byte[out.length + inserted.length];
                    System.arraycopy(out, 0, copy, 0, at);
                    System.arraycopy(inserted, 0, copy, at, inserted.length);
                    System.arraycopy(out, at, copy, at + inserted.length, out.length - at);
                    yield copy;
                }
                default -> Arrays.copyOf(out, at);
            };
        }
        return out;
    }
}
