package io.genieproxy.guard;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes and normalises a raw HTTP request target exactly once, refusing every shape that could
 * make the proxy and the workspace disagree about which resource is meant: encoded slashes and
 * backslashes, dot segments (plain or encoded) and segments holding "..", empty segments, NUL and
 * control bytes, invalid or overlong UTF-8, stray percent signs, and decoded characters that the workspace would read
 * differently when the path is sent on verbatim ({@code ?}, {@code #}, spaces, non-ASCII look-alikes).
 * Absolute-form targets keep only their path: the upstream is chosen by configuration, never by the
 * request.
 */
public final class RequestTargetGuard {
    /** Longest request target accepted, in characters. */
    public static final int MAX_TARGET_LENGTH = 8192;

    private RequestTargetGuard() {
    }

    /** Thrown when a target is refused; the message is safe to show to the caller. */
    public static final class RefusedTarget extends Exception {
        private final String reason;

        RefusedTarget(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        /** A short, bounded label for metrics. */
        public String reason() {
            return reason;
        }
    }

    public static RequestTarget normalise(String rawTarget) throws RefusedTarget {
        if (rawTarget == null || rawTarget.isEmpty()) {
            throw new RefusedTarget("empty", "Empty request target.");
        }
        if (rawTarget.length() > MAX_TARGET_LENGTH) {
            throw new RefusedTarget("too_long", "Request target too long.");
        }
        String target = stripAuthority(rawTarget);
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            throw new RefusedTarget("fragment", "A request target cannot carry a fragment.");
        }
        int q = target.indexOf('?');
        String rawPath = q >= 0 ? target.substring(0, q) : target;
        String query = q >= 0 ? target.substring(q + 1) : null;
        if (!rawPath.startsWith("/")) {
            throw new RefusedTarget("not_origin_form", "The request target must be an absolute path.");
        }
        String path = decodePath(rawPath);
        checkSegments(path);
        if (query != null) {
            checkQuery(query);
            if (query.isEmpty()) {
                query = null;
            }
        }
        return new RequestTarget(path, query);
    }

    private static String stripAuthority(String target) throws RefusedTarget {
        if (target.startsWith("/")) {
            return target;
        }
        String lower = target.length() > 8 ? target.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : target.toLowerCase(java.util.Locale.ROOT);
        int schemeEnd;
        if (lower.startsWith("http://")) {
            schemeEnd = 7;
        } else if (lower.startsWith("https://")) {
            schemeEnd = 8;
        } else {
            throw new RefusedTarget("not_origin_form", "The request target must be an absolute path.");
        }
        int slash = target.indexOf('/', schemeEnd);
        return slash < 0 ? "/" : target.substring(slash);
    }

    private static String decodePath(String raw) throws RefusedTarget {
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new RefusedTarget("bad_percent", "Malformed percent-encoding in the request path.");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new RefusedTarget("bad_percent", "Malformed percent-encoding in the request path.");
                }
                int b = (hi << 4) | lo;
                if (b == '/' || b == '\\') {
                    throw new RefusedTarget("encoded_separator", "Encoded slashes are not allowed in the request path.");
                }
                if (b == '%') {
                    throw new RefusedTarget("double_encoding", "Double percent-encoding is not allowed in the request path.");
                }
                bytes[n++] = (byte) b;
                i += 2;
            } else if (c > 0x7e || c < 0x21) {
                throw new RefusedTarget("raw_byte", "Unencoded control, space or non-ASCII character in the request path.");
            } else if (c == '\\') {
                throw new RefusedTarget("backslash", "Backslashes are not allowed in the request path.");
            } else {
                bytes[n++] = (byte) c;
            }
        }
        String decoded = utf8(bytes, n);
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new RefusedTarget("control_byte", "Control characters are not allowed in the request path.");
            }
            if (c == '\\') {
                throw new RefusedTarget("backslash", "Backslashes are not allowed in the request path.");
            }
            if (!isSafeDecoded(c)) {
                throw new RefusedTarget("unsafe_character", "The request path holds a character that cannot be forwarded unchanged.");
            }
        }
        return decoded;
    }

    private static String utf8(byte[] bytes, int n) throws RefusedTarget {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new RefusedTarget("invalid_utf8", "The request path is not valid UTF-8.");
        }
    }

    private static void checkSegments(String path) throws RefusedTarget {
        if (path.equals("/")) {
            return;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals(".") || s.contains("..")) {
                throw new RefusedTarget("dot_segment", "Dot segments are not allowed in the request path.");
            }
            if (s.isEmpty() && i < segments.length - 1) {
                throw new RefusedTarget("empty_segment", "Empty path segments are not allowed in the request path.");
            }
            if (s.indexOf(';') >= 0) {
                throw new RefusedTarget("path_parameter", "Path parameters are not allowed in the request path.");
            }
        }
    }

    private static void checkQuery(String query) throws RefusedTarget {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new RefusedTarget("raw_byte", "Unencoded control, space or non-ASCII character in the query.");
            }
            if (c != '%' && c != '/' && c != '?' && !isSafeDecoded(c)) {
                throw new RefusedTarget("unsafe_character", "The query holds a character that must be percent-encoded.");
            }
            if (c == '%') {
                if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0 || Character.digit(query.charAt(i + 2), 16) < 0) {
                    throw new RefusedTarget("bad_percent", "Malformed percent-encoding in the query.");
                }
                int b = Character.digit(query.charAt(i + 1), 16) << 4 | Character.digit(query.charAt(i + 2), 16);
                if (b < 0x20 || b == 0x7f) {
                    throw new RefusedTarget("control_byte", "Control characters are not allowed in the query.");
                }
            }
        }
    }

    /**
     * Whether a decoded path character is sent upstream verbatim without changing meaning: RFC 3986
     * unreserved and sub-delimiters plus ':' and '@'. Anything else ('?', '#', '%', space, quotes,
     * non-ASCII look-alikes such as fullwidth dots) would be re-read differently by the workspace.
     */
    private static boolean isSafeDecoded(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }
}
