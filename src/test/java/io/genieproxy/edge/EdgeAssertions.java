package io.genieproxy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

/** Shared checks for refusals: the status, the Databricks envelope, and (for framing) a closed connection. */
final class EdgeAssertions {
    private static final Pattern ENVELOPE = Pattern.compile("\\{\"error_code\":\"[A-Z_]+\",\"message\":\"[^\"]*\"}");

    private EdgeAssertions() {
    }

    static void assertEnvelope(RawHttp.Response response, int status, String errorCode) {
        assertEquals(status, response.status(), () -> "body: " + response.body());
        assertTrue(response.header("content-type").startsWith("application/json"), response.header("content-type"));
        assertTrue(ENVELOPE.matcher(response.body()).matches(), "not a Databricks envelope: " + response.body());
        assertTrue(response.body().contains("\"error_code\":\"" + errorCode + "\""), response.body());
    }

    /** A framing refusal: exactly one answer, the envelope, {@code Connection: close}, and the socket closed. */
    static void assertRefusedAndClosed(RawHttp.Conversation conversation, int status, String errorCode) {
        assertEquals(1, conversation.responses().size(), () -> "expected exactly one response, got: " + conversation.raw());
        RawHttp.Response response = conversation.first();
        assertEnvelope(response, status, errorCode);
        assertEquals("close", response.header("connection"), "refusal must announce the close");
        assertTrue(conversation.closedByServer(), "the server kept the connection open after a framing refusal");
    }
}
