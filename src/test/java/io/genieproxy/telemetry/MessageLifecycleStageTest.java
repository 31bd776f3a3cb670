package io.genieproxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.genie.GenieRoutes;
import io.genieproxy.guard.RequestTarget;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.upstream.BufferedResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MessageLifecycleStageTest {
    private static final String PATH = "/api/2.0/genie/spaces/s1/conversations/c1/messages/m1";
    private final MessageLifecycleStage stage = new MessageLifecycleStage(new MessageLifecycle(Duration.ofHours(1), 1000, System::nanoTime), null);

    @Test
    void aCachedTerminalAnswerIsReadOnceAndItsTerminalStatusObservedOnce() {
        byte[] cached = ("{\"message_id\":\"m1\",\"conversation_id\":\"c1\",\"space_id\":\"s1\",\"content\":\"Sales?\","
                + "\"status\":\"COMPLETED\",\"created_timestamp\":1000,\"last_updated_timestamp\":3500,\"attachments\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        ProxyExchange first = poll(cached);
        ProxyExchange second = poll(cached);
        assertEquals("COMPLETED", first.message().status());
        assertTrue(first.isTerminalObserved());
        assertSame(first.message(), second.message(), "the same answer bytes are not parsed again");
        assertFalse(second.isTerminalObserved());
    }

    @Test
    void aPageOfMessagesRecordsEachMessageFirstSeenAnsweredWithItsIndexOnce() {
        String listPath = "/api/2.0/genie/spaces/s1/conversations/c2/messages";
        byte[] page = ("{\"messages\":[{\"message_id\":\"p1\",\"conversation_id\":\"c2\",\"status\":\"COMPLETED\"},"
                + "{\"message_id\":\"p2\",\"conversation_id\":\"c2\",\"status\":\"EXECUTING_QUERY\"},{},"
                + "{\"message_id\":\"p3\",\"conversation_id\":\"c2\",\"status\":\"FAILED\"}]}").getBytes(StandardCharsets.UTF_8);
        ProxyExchange first = answer("GET", listPath, page);
        assertEquals(List.of("p1@0", "p3@3"), first.answered().stream()
                .map(a -> a.message().messageId() + "@" + a.listIndex()).toList());
        assertFalse(answer("GET", listPath, page).isTerminalObserved(), "the same page served again has nothing new");
        byte[] samePageAgainFetched = page.clone();
        assertFalse(answer("GET", listPath, samePageAgainFetched).isTerminalObserved(), "each message is recorded once");
    }

    @Test
    void anAnswerThatHoldsNoMessagePassesWithoutOne() {
        ProxyExchange exchange = answer("POST", "/api/2.0/genie/spaces/s1/start-conversation",
                "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8));
        assertNull(exchange.message());
        assertFalse(exchange.isTerminalObserved());
    }

    private ProxyExchange poll(byte[] body) {
        return answer("GET", PATH, body);
    }

    private ProxyExchange answer(String method, String path, byte[] body) {
        ProxyExchange exchange = new ProxyExchange("r1", method, path, "127.0.0.1", null, List.of(), null);
        exchange.accept(new RequestTarget(path, null), GenieRoutes.parse(method, path, null).orElseThrow());
        ProxyResponse answer = ProxyResponse.buffered(new BufferedResponse(200, List.of(Map.entry("Content-Type", "application/json")), body));
        assertSame(answer, stage.handle(exchange, e -> CompletableFuture.completedFuture(answer)).toCompletableFuture().join());
        return exchange;
    }
}
