package io.genieproxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.genie.GenieMessage;
import io.genieproxy.genie.GenieOperation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageLifecycleTest {

    static GenieMessage message(String id, String status) {
        return new GenieMessage(id, "c1", "s1", status, "q", null, null, null, List.of(), null, 1000L, 3500L);
    }

    @Test
    void reportsATerminalStatusOnlyTheFirstTimeItIsSeen() {
        MessageLifecycle lifecycle = new MessageLifecycle(Duration.ofHours(1), 1000, System::nanoTime);
        assertFalse(lifecycle.observe(message("m1", "SUBMITTED")));
        assertEquals(1, lifecycle.activeConversations());
        assertTrue(lifecycle.observe(message("m1", "COMPLETED")));
        assertFalse(lifecycle.observe(message("m1", "COMPLETED")));
        assertEquals(0, lifecycle.activeConversations());
    }

    @Test
    void readsTheMessageOfEachAnswerShape() throws Exception {
        String body = "{\"conversation_id\":\"c1\",\"message_id\":\"m1\",\"message\":{\"message_id\":\"m1\",\"conversation_id\":\"c1\","
                + "\"space_id\":\"s1\",\"content\":\"Sales?\",\"status\":\"COMPLETED\",\"created_timestamp\":\"1000\",\"last_updated_timestamp\":3500,"
                + "\"attachments\":[{\"attachment_id\":\"a1\",\"query\":{\"title\":\"T\",\"query\":\"SELECT 1\",\"statement_id\":\"st\","
                + "\"query_result_metadata\":{\"row_count\":3}}},{\"attachment_id\":\"a2\",\"text\":{\"content\":\"x\"}}]}}";
        GenieMessage m = GenieMessage.read(GenieOperation.START_CONVERSATION, body.getBytes(StandardCharsets.UTF_8));
        assertEquals("SELECT 1", m.sql());
        assertEquals(3L, m.rowCount());
        assertEquals(2500L, m.timeToAnswerMillis());
        assertEquals(2, m.attachments().size());
        assertTrue(m.isTerminal());
    }
}
