package io.genieproxy.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.genieproxy.simulator.SimulatorHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

class QuestionLimitTest {
    private static final String SPACE = "/api/2.0/genie/spaces/" + SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-20T16:00:00Z"));
    private SimulatedWorkspace workspace;
    private SimulatorHttp demo;

    @BeforeEach
    void start() {
        workspace = SimulatedWorkspace.start(SimulatorSettings.defaults().withClock(clock));
        demo = new SimulatorHttp(workspace.uri(), SimulatorSettings.DEMO_TOKEN);
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    private HttpResponse<String> ask(int i) {
        return demo.post(SPACE + "/start-conversation", "{\"content\":\"question " + i + "\"}");
    }

    @Test
    void refusesTheSixthQuestionInAMinuteWithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, ask(i).statusCode());
            clock.advance(Duration.ofSeconds(10));
        }
        HttpResponse<String> refused = ask(5);
        assertEquals(429, refused.statusCode());
        assertEquals("REQUEST_LIMIT_EXCEEDED", json(refused).get("error_code"));
        assertEquals("10", refused.headers().firstValue("Retry-After").orElseThrow());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(200, ask(6).statusCode());
    }

    @Test
    void neverCountsPolls() {
        Map<String, Object> started = json(ask(0));
        String message = SPACE + "/conversations/" + started.get("conversation_id") + "/messages/" + started.get("message_id");
        for (int i = 0; i < 50; i++) {
            assertEquals(200, demo.get(message).statusCode());
        }
        for (int i = 1; i < 5; i++) {
            assertEquals(200, demo.post(SPACE + "/conversations/" + started.get("conversation_id") + "/messages",
                    "{\"content\":\"more " + i + "\"}").statusCode());
        }
        assertEquals(429, ask(9).statusCode());
    }

    @Test
    void sharesTheBudgetAcrossUsersAndSpaces() {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, ask(i).statusCode());
        }
        SimulatorHttp analyst = demo.as(SimulatorSettings.DEMO_TOKEN_2);
        String ops = "/api/2.0/genie/spaces/" + SimulatedWorkspace.OPS_METRICS_SPACE_ID + "/start-conversation";
        assertEquals(200, analyst.post(ops, "{\"content\":\"a\"}").statusCode());
        assertEquals(200, analyst.post(ops, "{\"content\":\"b\"}").statusCode());
        assertEquals(429, analyst.post(ops, "{\"content\":\"c\"}").statusCode());
    }
}
