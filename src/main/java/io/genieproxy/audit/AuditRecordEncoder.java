package io.genieproxy.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.genieproxy.pipeline.AnswerReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serialises an {@link AuditRecord} to the canonical member list of its line (from {@code "kind"} on,
 * without braces), scrubbing every string value; thread-safe.
 *
 * <p>Order is fixed by the code below and is part of the file format: changing it changes no hash of
 * existing lines (the verifier hashes bytes as found) but does change what new lines look like. Null values
 * are omitted, never written as {@code null}.
 */
final class AuditRecordEncoder {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** Up to the seconds of {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} (RFC 3339, UTC, milliseconds). */
    private static final DateTimeFormatter RFC_3339_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

    /** The formatted second most recently asked for: records written in the same second share it. */
    private static volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, "");

    /** Each request thread encodes into its own buffer, kept unless a record made it larger than this. */
    private static final int MAX_KEPT_BUFFER_BYTES = 64 * 1024;
    private static final ThreadLocal<ReusableBytes> ENCODING_BUFFER = ThreadLocal.withInitial(() -> new ReusableBytes(1024));

    private final SecretScrubber scrubber;
    private final AtomicLong scrubbedValues;

    AuditRecordEncoder(SecretScrubber scrubber, AtomicLong scrubbedValues) {
        this.scrubber = scrubber;
        this.scrubbedValues = scrubbedValues;
    }

    static String formatTime(Instant time) {
        FormattedSecond second = lastSecond;
        if (second.epochSecond() != time.getEpochSecond()) {
            second = new FormattedSecond(time.getEpochSecond(), RFC_3339_SECONDS.format(Instant.ofEpochSecond(time.getEpochSecond())));
            lastSecond = second;
        }
        int millis = time.getNano() / 1_000_000;
        return new StringBuilder(second.text().length() + 4).append(second.text())
                .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
                .append('Z').toString();
    }

    private record FormattedSecond(long epochSecond, String text) {
    }

    /** The UTF-8 bytes of {@code "kind":"…",…} — the record's members without the enclosing braces. */
    byte[] encodeMembers(AuditRecord record) {
        ReusableBytes out = ENCODING_BUFFER.get();
        if (out.capacity() > MAX_KEPT_BUFFER_BYTES) {
            out = new ReusableBytes(1024);
            ENCODING_BUFFER.set(out);
        }
        out.reset();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("kind", record.kind());
            json.writeStringField("time", formatTime(record.time()));
            if (record instanceof RequestAuditRecord request) {
                writeRequest(json, request);
            } else if (record instanceof MessageDetailsAuditRecord details) {
                writeMessageDetails(json, details);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise an audit record", e);
        }
        return Arrays.copyOfRange(out.array(), 1, out.size() - 1);
    }

    private void writeRequest(JsonGenerator json, RequestAuditRecord r) throws IOException {
        string(json, "request_id", r.requestId());
        string(json, "trace_id", r.traceId());
        caller(json, r.caller());
        string(json, "workspace", r.workspace());
        string(json, "action", r.action());
        string(json, "space_id", r.spaceId());
        string(json, "conversation_id", r.conversationId());
        string(json, "message_id", r.messageId());
        string(json, "attachment_id", r.attachmentId());
        string(json, "method", r.method());
        string(json, "path", r.path());
        json.writeNumberField("status", r.status());
        json.writeStringField("outcome", r.outcome().label());
        json.writeNumberField("latency_ms", r.latencyMs());
        if (r.cache() != null) {
            json.writeStringField("cache", r.cache().name());
        }
        if (r.upstreamStatus() != null) {
            json.writeNumberField("upstream_status", r.upstreamStatus());
        }
        if (r.answer() != null) {
            writeAnswer(json, r.answer());
        }
        if (r.rateLimit() != null) {
            json.writeObjectFieldStart("rate_limit");
            json.writeBooleanField("allowed", r.rateLimit().allowed());
            number(json, "remaining", r.rateLimit().remaining());
            number(json, "retry_after_ms", r.rateLimit().retryAfterMs());
            json.writeEndObject();
        }
        string(json, "reason", r.reason());
    }

    private void writeMessageDetails(JsonGenerator json, MessageDetailsAuditRecord d) throws IOException {
        string(json, "request_id", d.requestId());
        string(json, "trace_id", d.traceId());
        caller(json, d.caller());
        string(json, "workspace", d.workspace());
        string(json, "space_id", d.spaceId());
        string(json, "conversation_id", d.conversationId());
        string(json, "message_id", d.messageId());
        string(json, "question", d.question());
        string(json, "sql", d.sql());
        string(json, "statement_id", d.statementId());
        string(json, "status", d.status());
        number(json, "row_count", d.rowCount());
        json.writeArrayFieldStart("attachments");
        for (AuditAttachment attachment : d.attachments()) {
            json.writeStartObject();
            string(json, "attachment_id", attachment.attachmentId());
            json.writeStringField("type", attachment.type().label());
            string(json, "title", attachment.title());
            string(json, "text", attachment.text());
            json.writeEndObject();
        }
        json.writeEndArray();
        string(json, "error", d.error());
        counts(json, "redactions", d.redactions());
        number(json, "time_to_answer_ms", d.timeToAnswerMs());
    }

    /**
     * {@code "result":{"columns":[…],"rows":N}} when the answer held a query result, then {@code "redactions"}
     * (always, possibly empty: the answer was checked) and {@code "redacted_columns"} when a column had any.
     */
    private void writeAnswer(JsonGenerator json, AnswerReport answer) throws IOException {
        if (answer.rows() != null || !answer.columns().isEmpty()) {
            json.writeObjectFieldStart("result");
            json.writeArrayFieldStart("columns");
            for (String column : answer.columns()) {
                json.writeString(scrubbed(column));
            }
            json.writeEndArray();
            number(json, "rows", answer.rows());
            json.writeEndObject();
        }
        counts(json, "redactions", answer.redactedByCategory());
        if (!answer.redactedByColumn().isEmpty()) {
            json.writeObjectFieldStart("redacted_columns");
            Map<String, Map<String, Integer>> byColumn = new TreeMap<>();
            answer.redactedByColumn().forEach((column, counts) -> byColumn.merge(scrubbed(column), counts, AuditRecordEncoder::sum));
            for (Map.Entry<String, Map<String, Integer>> column : byColumn.entrySet()) {
                counts(json, column.getKey(), column.getValue());
            }
            json.writeEndObject();
        }
    }

    /** An object of counts by name, names scrubbed and sorted (equal names after scrubbing add up). */
    private void counts(JsonGenerator json, String field, Map<String, Integer> byName) throws IOException {
        json.writeObjectFieldStart(field);
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<String, Integer> count : byName.entrySet()) {
            long value = count.getValue() == null ? 0 : count.getValue();
            counts.merge(scrubbed(count.getKey()), value, Long::sum);
        }
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
    }

    private static Map<String, Integer> sum(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> total = new TreeMap<>(a);
        b.forEach((name, count) -> total.merge(name, count, Integer::sum));
        return total;
    }

    private void caller(JsonGenerator json, AuditCaller caller) throws IOException {
        if (caller == null) {
            return;
        }
        json.writeObjectFieldStart("caller");
        string(json, "user", caller.user());
        string(json, "id", caller.id());
        string(json, "source_address", caller.sourceAddress());
        string(json, "user_agent", caller.userAgent());
        json.writeEndObject();
    }

    private void string(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, scrubbed(value));
        }
    }

    private static void number(JsonGenerator json, String name, Long value) throws IOException {
        if (value != null) {
            json.writeNumberField(name, value);
        }
    }

    private String scrubbed(String value) {
        String clean = scrubber.scrub(value);
        if (clean != value) {
            scrubbedValues.incrementAndGet();
        }
        return clean;
    }
}
