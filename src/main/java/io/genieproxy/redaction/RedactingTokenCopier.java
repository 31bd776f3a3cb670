package io.genieproxy.redaction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Copies one JSON body from a parser to a generator, deciding for every string value by where it sits
 * whether it passes, is free text, SQL or a query-result cell; one instance per body.
 */
final class RedactingTokenCopier {
    private static final Set<String> STRUCTURAL_KEYS = Set.of("id", "status", "state", "type", "@type", "type_name",
            "type_text", "format", "purpose", "thought_type", "error_code", "sql_state", "next_page_token",
            "page_token", "etag", "expiration", "agent_type", "rating", "sql_type", "keyword", "interval_type");
    private static final JsonFactory BUFFER_JSON = new JsonFactory();
    private static final Set<String> UNTOUCHED_SUBTREES = Set.of("external_links", "external_link", "http_headers");

    /** Where a value sits, which decides what happens to the strings in it. */
    private enum Role { TEXT, STRUCTURAL, SQL, STATEMENT_RESPONSE, MANIFEST, SCHEMA, COLUMNS, COLUMN, COLUMN_NAME, DATA_ARRAY }

    /** Column names of the result being copied, by position. */
    private static final class Columns {
        final List<String> names = new ArrayList<>();

        String nameAt(int index) {
            return index < names.size() ? names.get(index) : null;
        }
    }

    private JsonParser parser;
    /**
     * The whole UTF-8 input {@link #parser} reads when it is a byte array, else null: plain ASCII cells that pass
     * are copied from here, not encoded again.
     */
    private byte[] input;
    private final JsonGenerator generator;
    private final TextRedactor redactor;
    private final RedactionReport.Builder report;
    private final String[] path = new String[1024];
    private int depth;
    private boolean topListSeen;

    RedactingTokenCopier(JsonParser parser, JsonGenerator generator, TextRedactor redactor, RedactionReport.Builder report) {
        this(parser, null, generator, redactor, report);
    }

    /** A copier whose parser reads {@code input}, a whole body in memory. */
    RedactingTokenCopier(JsonParser parser, byte[] input, JsonGenerator generator, TextRedactor redactor, RedactionReport.Builder report) {
        this.parser = parser;
        this.input = bytesReadBy(parser, input);
        this.generator = generator;
        this.redactor = redactor;
        this.report = report;
    }

    void run() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new JsonParseException(parser, "empty body");
        }
        copy(first, Role.TEXT, null);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "content after the JSON value");
        }
        generator.flush();
    }

    private void copy(JsonToken token, Role role, Columns columns) throws IOException {
        switch (token) {
            case START_OBJECT -> copyObject(role, columns);
            case START_ARRAY -> copyArray(role, columns);
            case VALUE_STRING -> copyString(role, columns);
            default -> generator.copyCurrentEvent(parser);
        }
    }

    private void copyObject(Role role, Columns inherited) throws IOException {
        generator.writeStartObject();
        Columns columns = role == Role.STATEMENT_RESPONSE ? new Columns() : inherited;
        boolean manifestSeen = false;
        byte[] deferredResult = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (UNTOUCHED_SUBTREES.contains(name)) {
                generator.writeFieldName(name);
                copyUntouched(name, value);
                continue;
            }
            Role child = roleOf(role, name, value);
            if (child == Role.MANIFEST) {
                manifestSeen = true;
                if (columns == null) {
                    columns = new Columns();
                }
            }
            if (role == Role.STATEMENT_RESPONSE && !manifestSeen && name.equals("result") && value == JsonToken.START_OBJECT
                    && deferredResult == null) {
                deferredResult = buffer();
                continue;
            }
            generator.writeFieldName(name);
            push(name);
            copy(value, child, columns);
            pop();
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonParseException(parser, "unexpected token in an object");
        }
        if (deferredResult != null) {
            generator.writeFieldName("result");
            push("result");
            copyBuffered(deferredResult, columns);
            pop();
        }
        generator.writeEndObject();
    }

    private void copyArray(Role role, Columns columns) throws IOException {
        generator.writeStartArray();
        if (role == Role.DATA_ARRAY) {
            report.dataArray();
        }
        CellPath cellPath = null;
        // The first list the body holds at its top (a page of messages, say) is counted element by element.
        boolean perElement = depth == 1 && !topListSeen;
        topListSeen |= perElement;
        int element = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new JsonParseException(parser, "unterminated array");
            }
            if (role == Role.COLUMNS && token == JsonToken.START_OBJECT) {
                push("[*]");
                copyObject(Role.COLUMN, columns);
                pop();
            } else if (role == Role.DATA_ARRAY && token == JsonToken.START_ARRAY) {
                report.row();
                if (cellPath == null) {
                    cellPath = new CellPath();
                }
                push("[*]");
                copyRow(columns, cellPath);
                pop();
            } else if (perElement) {
                report.enterElement(element++);
                push("[*]");
                copy(token, token == JsonToken.START_OBJECT ? Role.TEXT : role, columns);
                pop();
                report.leaveElement();
            } else {
                push("[*]");
                copy(token, token == JsonToken.START_OBJECT ? Role.TEXT : role, columns);
                pop();
            }
        }
        generator.writeEndArray();
    }

    private void copyRow(Columns columns, CellPath cellPath) throws IOException {
        generator.writeStartArray();
        JsonToken token;
        int column = 0;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new JsonParseException(parser, "unterminated row");
            }
            if (token == JsonToken.VALUE_STRING) {
                String name = columns == null ? null : columns.nameAt(column);
                char[] chars = parser.getTextCharacters();
                int offset = parser.getTextOffset();
                int length = parser.getTextLength();
                String redacted = redactor.cell(chars, offset, length, name, cellPath, report);
                if (redacted == TextRedactor.UNCHANGED) {
                    copyUnchangedString(chars, offset, length);
                } else if (redacted == null) {
                    generator.writeNull();
                } else {
                    writeReplacement(redacted);
                }
            } else {
                push("[*]");
                copy(token, Role.TEXT, columns);
                pop();
            }
            column++;
        }
        generator.writeEndArray();
    }

    /** Copies a subtree as it is, counting the links to data it holds (an {@code external_links} element, an {@code external_link}). */
    private void copyUntouched(String name, JsonToken value) throws IOException {
        if (name.equals("external_links") && value == JsonToken.START_ARRAY) {
            generator.writeStartArray();
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (element == null) {
                    throw new JsonParseException(parser, "unterminated array");
                }
                report.externalLink();
                generator.copyCurrentStructure(parser);
            }
            generator.writeEndArray();
            return;
        }
        if (name.equals("external_link") && value == JsonToken.VALUE_STRING && parser.getTextLength() > 0) {
            report.externalLink();
        }
        generator.copyCurrentStructure(parser);
    }

    /** {@code bytes} when {@code parser} reads them as UTF-8, so its byte offsets index them; else null. */
    private static byte[] bytesReadBy(JsonParser parser, byte[] bytes) {
        return parser instanceof UTF8StreamJsonParser ? bytes : null;
    }

    /**
     * Writes the current string value as it was read, whose text is {@code chars[offset, offset + length)}. When the
     * value's bytes in {@link #input} are as many as its characters, they are plain ASCII (an escape or a non-ASCII
     * character takes more bytes than characters, and the parser rejects unescaped control characters), which the
     * generator would write unchanged: they are copied, not encoded again.
     */
    private void copyUnchangedString(char[] chars, int offset, int length) throws IOException {
        if (input != null) {
            long start = ((ParserBase) parser).getTokenCharacterOffset();
            // The current location is just past the closing quote once the parser has read the value.
            long end = parser.currentLocation().getByteOffset() - 1;
            if (end - start == length && start > 0 && end < input.length && input[(int) end] == '"') {
                generator.writeRawUTF8String(input, (int) start, length);
                return;
            }
        }
        generator.writeString(chars, offset, length);
    }

    /** Writes a cell's replacement; a whole-cell mask is copied from its bytes, not encoded. */
    private void writeReplacement(String replacement) throws IOException {
        byte[] mask = Replacements.maskBytes(replacement);
        if (mask != null) {
            generator.writeRawUTF8String(mask, 0, mask.length);
        } else {
            generator.writeString(replacement);
        }
    }

    private void copyString(Role role, Columns columns) throws IOException {
        switch (role) {
            case STRUCTURAL -> generator.copyCurrentEvent(parser);
            case COLUMN_NAME -> {
                // A pivot can turn values into column names ('jane@example.com'): the name is scanned like free text for
                // what the caller and the report see, while rules and cell context keep using it as the workspace wrote it.
                String name = parser.getText();
                if (columns != null) {
                    columns.names.add(name);
                }
                String shown = redactor.text(name, null, this::currentPath, report);
                report.column(name, shown);
                generator.writeString(shown);
            }
            case SQL -> generator.writeString(redactor.sql(parser.getText(), this::currentPath, report));
            default -> {
                String value = parser.getText();
                String redacted = redactor.text(value, null, this::currentPath, report);
                generator.writeString(redacted);
            }
        }
    }

    private static Role roleOf(Role parent, String name, JsonToken value) {
        switch (name) {
            case "statement_response" -> {
                return Role.STATEMENT_RESPONSE;
            }
            case "manifest" -> {
                return Role.MANIFEST;
            }
            case "data_array" -> {
                return Role.DATA_ARRAY;
            }
            case "query" -> {
                return value == JsonToken.VALUE_STRING ? Role.SQL : Role.TEXT;
            }
            default -> {
            }
        }
        if (parent == Role.MANIFEST && name.equals("schema")) {
            return Role.SCHEMA;
        }
        if (parent == Role.SCHEMA && name.equals("columns")) {
            return Role.COLUMNS;
        }
        if (parent == Role.COLUMN && name.equals("name")) {
            return Role.COLUMN_NAME;
        }
        if (isStructural(name)) {
            return Role.STRUCTURAL;
        }
        return Role.TEXT;
    }

    private static boolean isStructural(String name) {
        return STRUCTURAL_KEYS.contains(name) || name.endsWith("_id") || name.endsWith("_ids")
                || name.endsWith("_timestamp") || name.endsWith("_time") || name.endsWith("_signature");
    }

    /** Copies the current object, unredacted, into memory; it is redacted later from there. */
    private byte[] buffer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator copy = BUFFER_JSON.createGenerator(bytes)) {
            copy.copyCurrentStructure(parser);
        }
        return bytes.toByteArray();
    }

    private void copyBuffered(byte[] json, Columns columns) throws IOException {
        JsonParser outer = parser;
        byte[] outerInput = input;
        try (JsonParser buffered = BUFFER_JSON.createParser(json)) {
            parser = buffered;
            input = bytesReadBy(buffered, json);
            copy(parser.nextToken(), Role.TEXT, columns);
        } finally {
            parser = outer;
            input = outerInput;
        }
    }

    private void push(String segment) throws IOException {
        if (depth == path.length) {
            throw new JsonParseException(parser, "nesting too deep");
        }
        path[depth++] = segment;
    }

    private void pop() {
        depth--;
    }

    private String currentPath() {
        StringBuilder out = new StringBuilder(64);
        for (int i = 0; i < depth; i++) {
            if (!path[i].startsWith("[") && out.length() > 0) {
                out.append('.');
            }
            out.append(path[i]);
        }
        return out.toString();
    }

    /** The JSON path of the cells of one {@code data_array}, the same for every row, so it is built once. */
    private final class CellPath implements Supplier<String> {
        private String path;

        @Override
        public String get() {
            if (path == null) {
                path = currentPath() + "[*]";
            }
            return path;
        }
    }
}
