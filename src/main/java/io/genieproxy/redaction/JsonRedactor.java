package io.genieproxy.redaction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams a Genie JSON body token by token from parser to generator, replacing personal data in
 * string values, so memory stays bounded whatever the body's size; the output has the same shape.
 *
 * <p>Every string value is scanned except structural ones, which pass untouched: ids ({@code id},
 * {@code *_id}), {@code *_timestamp}/{@code *_time}, {@code *_signature}, {@code status}, {@code state},
 * {@code type}, {@code type_name}, {@code type_text}, {@code format}, {@code purpose},
 * {@code thought_type}, {@code error_code}, {@code sql_state}, {@code next_page_token},
 * {@code etag}, {@code expiration}, and whole {@code external_links} and {@code http_headers} subtrees
 * (presigned URLs must stay usable). Manifest column {@code name}s are scanned as free text (a pivot makes
 * values into names), while rules and cell context use the names as written. Query-result cells
 * ({@code data_array[row][col]}) are scanned as free text with the column name as context, and a
 * column rule of the policy applies by that name. SQL ({@code query} strings) has only its string
 * literals and comments scanned. Numbers, booleans and nulls pass.
 *
 * <p>Column names come from {@code manifest.schema.columns}. When a {@code statement_response}'s
 * {@code result} precedes its {@code manifest}, just that {@code result} is buffered and is written
 * after the statement response's other fields, redacted with the column names (JSON object order
 * carries no meaning).
 *
 * <p>Thread-safe: one instance serves every request.
 */
public final class JsonRedactor {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final RedactionPolicy policy;
    private final Replacements replacements;
    private final Map<Set<PiiCategory>, PiiScanner> scanners = new ConcurrentHashMap<>();

    public JsonRedactor(RedactionPolicy policy) {
        this.policy = policy;
        this.replacements = new Replacements(policy.key());
    }

    /**
     * Streams a Genie JSON body from {@code in} to {@code out}, redacting; the output has the same shape
     * and the same row and column counts. Neither stream is closed. On an exception, what was already
     * written to {@code out} is incomplete and must be discarded, never sent.
     *
     * @throws RedactionException when the body is not one well-formed JSON value
     */
    public RedactionReport redact(InputStream in, OutputStream out, RedactionScope scope) throws RedactionException {
        RedactionReport.Builder report = RedactionReport.builder();
        try (JsonParser parser = JSON.createParser(in);
             JsonGenerator generator = JSON.createGenerator(out)) {
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            new RedactingTokenCopier(parser, generator, textRedactor(scope), report).run();
        } catch (JsonProcessingException e) {
            throw new RedactionException("the body is not well-formed JSON near line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new RedactionException("the body could not be read or written: " + e.getClass().getSimpleName(), e);
        }
        return report.build();
    }

    /**
     * Convenience for a buffered body; counts go into {@code report}. Never returns a partial body (on an
     * exception, counts already recorded stay in {@code report}; they hold no values).
     */
    public byte[] redact(byte[] json, RedactionScope scope, RedactionReport.Builder report) throws RedactionException {
        // Masks are mostly longer than the values they replace: room for a few per cent of growth saves copying the whole output.
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + (json.length >> 4) + 64);
        try (JsonParser parser = JSON.createParser(json);
             JsonGenerator generator = JSON.createGenerator(out)) {
            new RedactingTokenCopier(parser, json, generator, textRedactor(scope), report).run();
        } catch (JsonProcessingException e) {
            throw new RedactionException("the body is not well-formed JSON near line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new RedactionException("the body could not be redacted: " + e.getClass().getSimpleName(), e);
        }
        return out.toByteArray();
    }

    /** Whether a caller in these groups may be handed links to unredacted data ({@link RedactionPolicy#allowsDownloads}). */
    public boolean allowsDownloads(RedactionScope scope) {
        return policy.allowsDownloads(scope == null ? Set.of() : scope.callerGroups());
    }

    /** Redacts free text (for audit records of the question and the SQL); counts go into {@code report}. */
    public String redactText(String text, RedactionScope scope, RedactionReport.Builder report) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return textRedactor(scope).text(text, null, null, report);
    }

    private TextRedactor textRedactor(RedactionScope scope) {
        RedactionScope effective = scope == null ? RedactionScope.anonymous() : scope;
        RedactionPolicy.Rules rules = policy.rulesFor(effective.spaceId());
        Set<PiiCategory> exempt = policy.exemptionsFor(effective.callerGroups());
        EnumSet<PiiCategory> scanned = EnumSet.noneOf(PiiCategory.class);
        scanned.addAll(rules.enabled());
        scanned.removeAll(exempt);
        PiiScanner scanner = scanners.computeIfAbsent(Set.copyOf(scanned), PiiScanner::new);
        return new TextRedactor(scanner, rules, exempt, replacements);
    }
}
