package io.genieproxy.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * The chain members of one audit line (seq, prev_hash, hash, time) and the exact bytes its hash covers;
 * also builds sealed lines, so writer and verifier share one definition of the layout.
 *
 * @param seq the record's position in the chain, from 1
 * @param prevHash the hash of the record before it
 * @param hash the hash written on the line
 * @param time the record's time, null when absent or unparseable
 * @param hashedBytes the line without its {@code ,"hash":"…"} member, i.e. ending in {@code }}
 */
record ChainLine(long seq, String prevHash, String hash, Instant time, byte[] hashedBytes) {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final byte[] HASH_MEMBER = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int HEX_LENGTH = 64;
    /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
    private static final int HASH_SUFFIX_LENGTH = HASH_MEMBER.length + HEX_LENGTH + 2;

    /** A line that could not be read as an audit record; the message says why, without quoting values. */
    static final class MalformedLineException extends Exception {
        MalformedLineException(String problem) {
            super(problem);
        }
    }

    /**
     * Appends a sealed record to {@code out}: {@code {"seq":N,<members>,"prev_hash":"…","hash":"…"}\n}.
     *
     * @return the line's hash, which the next record must carry as {@code prev_hash}
     */
    static String sealInto(ReusableBytes out, long seq, String prevHash, byte[] members, ChainHasher hasher) {
        int start = out.size();
        out.writeAscii("{\"seq\":");
        out.writeAscii(Long.toString(seq));
        out.write(',');
        out.write(members, 0, members.length);
        out.writeAscii(",\"prev_hash\":\"");
        out.writeAscii(prevHash);
        out.writeAscii("\"}");
        String hash = hasher.hash(out.array(), start, out.size() - start);
        out.truncate(out.size() - 1);
        out.write(HASH_MEMBER, 0, HASH_MEMBER.length);
        out.writeAscii(hash);
        out.writeAscii("\"}\n");
        return hash;
    }

    /** Reads one line (without its newline). */
    static ChainLine parse(byte[] line) throws MalformedLineException {
        if (line.length < HASH_SUFFIX_LENGTH + 2 || line[0] != '{') {
            throw new MalformedLineException("unparseable: not an audit record");
        }
        int suffixStart = line.length - HASH_SUFFIX_LENGTH;
        if (!Arrays.equals(line, suffixStart, suffixStart + HASH_MEMBER.length, HASH_MEMBER, 0, HASH_MEMBER.length)
                || line[line.length - 2] != '"' || line[line.length - 1] != '}') {
            throw new MalformedLineException("unparseable: \"hash\" is not the last member");
        }
        Long seq = null;
        String prevHash = null;
        String hash = null;
        Instant time = null;
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLineException("unparseable: not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "seq" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            throw new MalformedLineException("unparseable: seq is not an integer");
                        }
                        seq = json.getLongValue();
                    }
                    case "prev_hash" -> prevHash = hexMember(json, value, "prev_hash");
                    case "hash" -> hash = hexMember(json, value, "hash");
                    case "time" -> time = value == JsonToken.VALUE_STRING ? parseTime(json.getText()) : null;
                    default -> json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw new MalformedLineException("unparseable: content after the record");
            }
        } catch (IOException e) {
            throw new MalformedLineException("unparseable: invalid JSON");
        }
        if (seq == null || prevHash == null || hash == null) {
            throw new MalformedLineException("unparseable: missing seq, prev_hash or hash");
        }
        String suffixHash = new String(line, suffixStart + HASH_MEMBER.length, HEX_LENGTH, StandardCharsets.US_ASCII);
        if (!suffixHash.equals(hash)) {
            throw new MalformedLineException("unparseable: \"hash\" is not the last member");
        }
        byte[] hashed = Arrays.copyOf(line, suffixStart + 1);
        hashed[suffixStart] = '}';
        return new ChainLine(seq, prevHash, hash, time, hashed);
    }

    private static String hexMember(JsonParser json, JsonToken value, String name)
            throws IOException, MalformedLineException {
        String text = value == JsonToken.VALUE_STRING ? json.getText() : null;
        if (text == null || text.length() != HEX_LENGTH || !text.chars().allMatch(ChainLine::isLowerHex)) {
            throw new MalformedLineException("unparseable: " + name + " is not 64 lowercase hex digits");
        }
        return text;
    }

    private static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static Instant parseTime(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
