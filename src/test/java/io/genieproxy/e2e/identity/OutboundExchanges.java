package io.genieproxy.e2e.identity;

import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.simulator.SimulatedWorkspace;
import java.util.List;

/** What the simulated workspace received, split into Genie calls and token-endpoint calls. */
final class OutboundExchanges {
    static final String TOKEN_PATH = "/oidc/v1/token";
    static final String SCIM_ME = "/api/2.0/preview/scim/v2/Me";

    private OutboundExchanges() {
    }

    static List<RecordedRequest> genieCalls(SimulatedWorkspace simulator) {
        return simulator.recordedRequests().stream().filter(r -> r.rawPath().startsWith("/api/2.0/genie/")).toList();
    }

    static List<RecordedRequest> tokenCalls(SimulatedWorkspace simulator) {
        return simulator.recordedRequests().stream().filter(r -> r.rawPath().equals(TOKEN_PATH)).toList();
    }

    /** The bearer token of a recorded request (never printed by assertions). */
    static String bearer(RecordedRequest request) {
        String value = request.header("Authorization");
        return value != null && value.startsWith("Bearer ") ? value.substring(7) : null;
    }

    /** Whether any header or the body of any recorded request holds this text. */
    static boolean anyRequestHolds(List<RecordedRequest> requests, String text) {
        return requests.stream().anyMatch(r -> r.bodyText().contains(text)
                || r.headers().values().stream().flatMap(List::stream).anyMatch(v -> v.contains(text)));
    }
}
