package io.genieproxy.simulator;

import io.genieproxy.genie.JsonTree;
import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An incoming request as the endpoint classes see it: decoded path, query parameters, headers and body. */
final class SimulatorRequest {
    private final String method;
    private final String path;
    private final String rawQuery;
    private final Headers headers;
    private final byte[] body;
    private final Map<String, String> query;

    SimulatorRequest(String method, String path, String rawQuery, Headers headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
        this.query = parseForm(rawQuery);
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    String rawQuery() {
        return rawQuery;
    }

    String header(String name) {
        return headers.getFirst(name);
    }

    byte[] body() {
        return body;
    }

    /** The first value of a query parameter, or null. */
    String queryParameter(String name) {
        return query.get(name);
    }

    /** Whether a boolean query parameter is {@code true}. */
    boolean queryFlag(String name) {
        return "true".equalsIgnoreCase(query.get(name));
    }

    /** The body as a JSON object; an empty body is an empty object. Malformed JSON is 400 INVALID_PARAMETER_VALUE. */
    @SuppressWarnings("unchecked")
    Map<String, Object> jsonBody() {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return new LinkedHashMap<>();
        }
        Object tree;
        try {
            tree = JsonTree.parse(body);
        } catch (IOException e) {
            throw WorkspaceError.invalidParameter("Malformed request: the body is not valid JSON.");
        }
        if (!(tree instanceof Map)) {
            throw WorkspaceError.invalidParameter("Malformed request: the body must be a JSON object.");
        }
        return (Map<String, Object>) tree;
    }

    /** A required non-blank string field of the JSON body. */
    static String requiredString(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw WorkspaceError.invalidParameter("Missing required field: " + field);
        }
        return s;
    }

    /** An optional string field of the JSON body; a non-string value is 400. */
    static String optionalString(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw WorkspaceError.invalidParameter("Invalid value for field " + field + ": expected a string.");
        }
        return s;
    }

    /** The body as form fields (application/x-www-form-urlencoded). */
    Map<String, String> formBody() {
        return parseForm(new String(body, StandardCharsets.UTF_8));
    }

    static Map<String, String> parseForm(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw WorkspaceError.invalidParameter("Malformed URL encoding.");
        }
    }
}
