package io.genieproxy.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the caller's identity from a SCIM {@code Me} body: {@code id}, {@code userName}, {@code groups[].display}. */
final class ScimUserParser {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ScimUserParser() {
    }

    /** The identity, or null when the body is not a SCIM user with a user name. */
    static CallerIdentity parse(String body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            String userName = null;
            List<String> groups = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT ? p.getText() : null;
                    case "userName" -> userName = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "groups" -> readGroups(p, value, groups);
                    default -> p.skipChildren();
                }
            }
            if (userName == null || userName.isBlank()) {
                return null;
            }
            return new CallerIdentity(userName, id, groups, "databricks");
        } catch (IOException e) {
            return null;
        }
    }

    private static void readGroups(JsonParser p, JsonToken value, List<String> groups) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("display") && v == JsonToken.VALUE_STRING && !p.getText().isBlank()) {
                    groups.add(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
    }
}
