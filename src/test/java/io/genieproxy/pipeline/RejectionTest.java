package io.genieproxy.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RejectionTest {

    @Test
    void rendersTheDatabricksErrorEnvelopeWithEscapedText() {
        Rejection r = Rejection.of(Rejection.Reason.NOT_FOUND, "No API found for 'GET /a\"b\n'");
        assertEquals(404, r.status());
        assertEquals("{\"error_code\":\"ENDPOINT_NOT_FOUND\",\"message\":\"No API found for 'GET /a\\\"b\\n'\"}", r.envelope());
    }

    @Test
    void roundsRetryAfterUpToWholeSeconds() {
        assertEquals(2, Rejection.retryLater(Rejection.Reason.RATE_LIMITED, "x", Duration.ofMillis(1200)).retryAfterSeconds());
        assertEquals(1, Rejection.retryLater(Rejection.Reason.RATE_LIMITED, "x", Duration.ZERO).retryAfterSeconds());
        assertEquals(-1, Rejection.of(Rejection.Reason.RATE_LIMITED, "x").retryAfterSeconds());
    }
}
