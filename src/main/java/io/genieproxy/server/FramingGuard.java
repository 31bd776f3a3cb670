package io.genieproxy.server;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a decoded request head has exactly one unambiguous framing (RFC 9112 §6) and fits
 * the limits, so that the proxy and the workspace can never disagree about where a request ends.
 *
 * <p>Netty's decoder already refuses Content-Length together with Transfer-Encoding, conflicting or
 * malformed Content-Length values, Transfer-Encoding on HTTP/1.0, bare LF line endings and illegal
 * header names; those arrive here as a failed decoder result. This class adds what it lets through:
 * any Transfer-Encoding other than a single {@code chunked}, control bytes in header values, framing
 * header names spelled with underscores, more than one Host, a declared body over the limit, and unknown protocol versions. It re-checks the cheap
 * rules the decoder owns so that a change of decoder settings cannot silently open them.
 */
public final class FramingGuard {
    private static final boolean[] TOKEN = tokenCharacters();
    private static final Set<String> DISGUISABLE = Set.of("transfer-encoding", "content-length", "host", "connection",
            "x-forwarded-host", "x-forwarded-for", "x-original-url", "x-rewrite-url", "x-http-method-override");

    private final long maxBodyBytes;

    /** @param maxBodyBytes the largest request body accepted ({@code micronaut.server.max-request-size}) */
    public FramingGuard(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The refusal for this request head, or empty when its framing is unambiguous and within limits. */
    public Optional<FramingRefusal> refusalOf(HttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            return Optional.of(decoderFailure(decoded.cause()));
        }
        HttpVersion version = request.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            return refuse("bad_version", "Only HTTP/1.0 and HTTP/1.1 are accepted.");
        }
        HttpHeaders headers = request.headers();
        Optional<FramingRefusal> fields = checkFields(headers);
        if (fields.isPresent()) {
            return fields;
        }
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1 || (hosts.isEmpty() && version.equals(HttpVersion.HTTP_1_1))) {
            return refuse("bad_host", "An HTTP/1.1 request carries exactly one Host header.");
        }
        List<String> transferEncodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        List<String> contentLengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (!transferEncodings.isEmpty()) {
            return checkTransferEncoding(version, transferEncodings, contentLengths);
        }
        if (!contentLengths.isEmpty()) {
            return checkContentLength(contentLengths);
        }
        return Optional.empty();
    }

    /** Maps a failure of Netty's decoder: 431 for a long header section, 414 for a long request line, else 400. */
    static FramingRefusal decoderFailure(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new FramingRefusal(431, "REQUEST_LIMIT_EXCEEDED", "The request headers are too large.", "headers_too_large");
        }
        if (cause instanceof TooLongHttpLineException) {
            return new FramingRefusal(414, "REQUEST_LIMIT_EXCEEDED", "The request line is too long.", "line_too_long");
        }
        if (cause instanceof TooLongFrameException) {
            return FramingRefusal.malformed("frame_too_long", "The request is malformed.");
        }
        return FramingRefusal.malformed("undecodable", "The request is malformed.");
    }

    private static Optional<FramingRefusal> checkFields(HttpHeaders headers) {
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
        while (fields.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = fields.next();
            if (!isToken(field.getKey())) {
                return refuse("bad_header_name", "A header name contains an illegal character.");
            }
            if (isDisguisedFramingName(field.getKey())) {
                return refuse("disguised_header_name", "A header name imitates a framing or routing header.");
            }
            if (hasControlCharacter(field.getValue())) {
                return refuse("bad_header_value", "A header value contains a control character.");
            }
        }
        return Optional.empty();
    }

    private Optional<FramingRefusal> checkTransferEncoding(HttpVersion version, List<String> codings, List<String> contentLengths) {
        if (!version.equals(HttpVersion.HTTP_1_1)) {
            return refuse("te_http10", "Transfer-Encoding is only accepted on HTTP/1.1.");
        }
        if (!contentLengths.isEmpty()) {
            return refuse("te_and_cl", "A request cannot carry both Transfer-Encoding and Content-Length.");
        }
        if (codings.size() != 1 || !codings.get(0).strip().equalsIgnoreCase("chunked")) {
            return refuse("bad_transfer_encoding", "The only accepted Transfer-Encoding is a single 'chunked'.");
        }
        return Optional.empty();
    }

    private Optional<FramingRefusal> checkContentLength(List<String> values) {
        if (values.size() != 1) {
            return refuse("duplicate_content_length", "A request carries at most one Content-Length.");
        }
        String value = values.get(0).strip();
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return refuse("bad_content_length", "The Content-Length is not a decimal number.");
        }
        if (Long.parseLong(value) > maxBodyBytes) {
            return Optional.of(new FramingRefusal(413, "REQUEST_LIMIT_EXCEEDED", "The request body is too large.", "body_too_large"));
        }
        return Optional.empty();
    }

    private static Optional<FramingRefusal> refuse(String reason, String message) {
        return Optional.of(FramingRefusal.malformed(reason, message));
    }

    private static boolean isToken(CharSequence name) {
        if (name.length() == 0) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= TOKEN.length || !TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the name spells a framing or routing header with underscores ({@code Transfer_Encoding}):
     * servers that map '_' to '-' (CGI conventions) would read a second framing the proxy never saw.
     */
    private static boolean isDisguisedFramingName(CharSequence name) {
        String text = name.toString();
        return text.indexOf('_') >= 0 && DISGUISABLE.contains(text.replace('_', '-').toLowerCase(Locale.ROOT));
    }

    private static boolean hasControlCharacter(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static boolean[] tokenCharacters() {
        boolean[] token = new boolean[128];
        for (char c = '0'; c <= '9'; c++) {
            token[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            token[c] = true;
            token[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            token[c] = true;
        }
        return token;
    }
}
