package io.genieproxy.simulator;

import java.util.LinkedHashMap;

/** An ordered JSON object under construction that skips null values, so optional fields are simply absent. */
final class JsonObject extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    static JsonObject create() {
        return new JsonObject();
    }

    /** Adds a field unless the value is null; returns this object for chaining. */
    JsonObject with(String name, Object value) {
        if (value != null) {
            put(name, value);
        }
        return this;
    }
}
