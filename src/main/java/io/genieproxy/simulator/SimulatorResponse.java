package io.genieproxy.simulator;

import io.genieproxy.genie.JsonTree;
import java.util.LinkedHashMap;
import java.util.Map;

/** The answer an endpoint produced: status, content type, extra headers and the body. */
record SimulatorResponse(int status, String contentType, Map<String, String> headers, ResponseBody body) {
    static final String JSON = "application/json";
    static final String REASON_PHRASE = "X-Databricks-Reason-Phrase";

    static SimulatorResponse json(int status, Object tree) {
        return new SimulatorResponse(status, JSON, Map.of(), ResponseBody.of(JsonTree.write(tree)));
    }

    static SimulatorResponse ok(Object tree) {
        return json(200, tree);
    }

    /** The {@code {}} that void calls return. */
    static SimulatorResponse empty() {
        return ok(JsonObject.create());
    }

    static SimulatorResponse error(WorkspaceError error) {
        SimulatorResponse response = json(error.status(), error.envelope());
        return error.hasReasonPhrase() ? response.withHeader(REASON_PHRASE, error.getMessage()) : response;
    }

    SimulatorResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new SimulatorResponse(status, contentType, all, body);
    }
}
