package io.genieproxy.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Extracts the one bearer credential of a request under strict shape rules (RFC 6750 header form
 * only), so that no ambiguous or smuggled credential reaches an authenticator.
 */
public final class BearerCredentials {

    /** The default cap on a token's length; JWTs with many groups stay well below it. */
    public static final int DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;

    private static final String SCHEME = "bearer";

    private BearerCredentials() {
    }

    /** {@link #extract(List, String, int)} with {@link #DEFAULT_MAX_TOKEN_BYTES}. */
    public static BearerCredential extract(List<String> authorizationHeaderValues, String rawQuery) throws AuthFailure {
        return extract(authorizationHeaderValues, rawQuery, DEFAULT_MAX_TOKEN_BYTES);
    }

    /**
     * Exactly one {@code Authorization: Bearer <token>} header with exactly one token of RFC 6750
     * {@code b64token} characters and at most {@code maxTokenBytes} long; a token in the query
     * string is refused even when the header is fine, so it is never forwarded or logged upstream.
     *
     * @param authorizationHeaderValues every value of the {@code Authorization} header, as received
     * @param rawQuery the raw (still encoded) query string, or null
     * @param maxTokenBytes the longest token accepted
     */
    public static BearerCredential extract(List<String> authorizationHeaderValues, String rawQuery, int maxTokenBytes)
            throws AuthFailure {
        if (hasTokenParameter(rawQuery)) {
            throw AuthFailure.malformed("A credential in the query string is not accepted; send it in the Authorization header.");
        }
        if (authorizationHeaderValues == null || authorizationHeaderValues.isEmpty()) {
            throw AuthFailure.missing("Credential was not sent or was of an unsupported type for this API.");
        }
        if (authorizationHeaderValues.size() > 1) {
            throw AuthFailure.malformed("Exactly one Authorization header is accepted.");
        }
        String value = authorizationHeaderValues.get(0);
        if (value == null) {
            throw AuthFailure.missing("Credential was not sent or was of an unsupported type for this API.");
        }
        String header = stripOptionalWhitespace(value);
        if (header.isEmpty()) {
            throw AuthFailure.missing("Credential was not sent or was of an unsupported type for this API.");
        }
        if (header.indexOf(',') >= 0) {
            throw AuthFailure.malformed("Exactly one credential is accepted in the Authorization header.");
        }
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME)) {
            throw AuthFailure.missing("Credential was not sent or was of an unsupported type for this API.");
        }
        if (space < 0) {
            throw AuthFailure.missing("The Authorization header carries no bearer token.");
        }
        int start = space + 1;
        while (start < header.length() && header.charAt(start) == ' ') {
            start++;
        }
        String token = header.substring(start);
        if (token.isEmpty()) {
            throw AuthFailure.missing("The Authorization header carries no bearer token.");
        }
        if (token.length() > maxTokenBytes) {
            throw AuthFailure.invalid("The bearer token is longer than " + maxTokenBytes + " bytes.");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == ' ' || c == '\t') {
                throw AuthFailure.malformed("Exactly one credential is accepted in the Authorization header.");
            }
        }
        if (!isB64Token(token)) {
            throw AuthFailure.invalid("The bearer token contains characters a token can't have.");
        }
        return new BearerCredential(token);
    }

    /** RFC 6750: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    static boolean isB64Token(String token) {
        int i = 0;
        int n = token.length();
        while (i < n && isTokenChar(token.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < n && token.charAt(i) == '=') {
            i++;
        }
        return i == n;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static String stripOptionalWhitespace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean hasTokenParameter(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        for (String pair : rawQuery.split("[&;]")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String decoded;
            try {
                decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = name;
            }
            String normalised = decoded.strip().toLowerCase(Locale.ROOT);
            if (normalised.equals("access_token") || normalised.equals("token")) {
                return true;
            }
        }
        return false;
    }
}
