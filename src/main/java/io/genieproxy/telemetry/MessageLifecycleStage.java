package io.genieproxy.telemetry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.genieproxy.genie.GenieMessage;
import io.genieproxy.genie.GenieOperation;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads the Genie message out of question and poll answers, and the messages of a list-messages page
 * (after redaction), and records on the exchange which of them it is the first to show in a terminal
 * status, for audit and telemetry (once per deployment when the replicas share a Redis).
 */
public final class MessageLifecycleStage implements ProxyStage {
    private static final Set<GenieOperation> MESSAGE_OPERATIONS = Set.of(
            GenieOperation.START_CONVERSATION, GenieOperation.CREATE_MESSAGE, GenieOperation.GET_MESSAGE);

    private final MessageLifecycle lifecycle;
    private final TerminalClaims claims;
    /**
     * Terminal messages already read, by the identity of the answer's bytes: an answer served from the
     * per-caller cache is the same array on every hit, so it is parsed once, not on every poll.
     */
    private final Cache<byte[], GenieMessage> terminalMessages = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();
    /** Pages of messages already read, by the identity of their bytes: a page served again from the cache has nothing new. */
    private final Cache<byte[], Boolean> readPages = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    /** @param claims decides between replicas sharing a Redis which one saw a message answered first; null for one replica */
    public MessageLifecycleStage(MessageLifecycle lifecycle, TerminalClaims claims) {
        this.lifecycle = lifecycle;
        this.claims = claims;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.MESSAGE_LIFECYCLE;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        GenieOperation operation = exchange.route().operation();
        if (operation == GenieOperation.LIST_MESSAGES) {
            exchange.needBody();
            return next.proceed(exchange).thenCompose(response -> observePage(exchange, response));
        }
        if (!MESSAGE_OPERATIONS.contains(operation)) {
            return next.proceed(exchange);
        }
        exchange.needBody();
        return next.proceed(exchange).thenCompose(response -> {
            if (!response.isBuffered() || response.status() != 200) {
                return CompletableFuture.completedFuture(response);
            }
            GenieMessage message;
            try {
                message = read(operation, response.buffered().body());
            } catch (IOException e) {
                exchange.message(null, false);
                return CompletableFuture.completedFuture(response);
            }
            boolean first = lifecycle.observe(message);
            if (!first || claims == null) {
                exchange.message(message, first);
                return CompletableFuture.completedFuture(response);
            }
            // Another replica may have seen it first: carry on, on the connection's own thread, once Redis says.
            return claims.claim(message.messageId()).thenApplyAsync(claimed -> {
                exchange.message(message, claimed);
                return response;
            }, exchange.continuation());
        });
    }

    /**
     * A client may learn of an answer from a page of the conversation's messages instead of polling the message:
     * each message on it seen answered for the first time is recorded with its index on the page.
     */
    private CompletionStage<ProxyResponse> observePage(ProxyExchange exchange, ProxyResponse response) {
        if (!response.isBuffered() || response.status() != 200) {
            return CompletableFuture.completedFuture(response);
        }
        byte[] body = response.buffered().body();
        if (readPages.getIfPresent(body) != null) {
            return CompletableFuture.completedFuture(response);
        }
        List<GenieMessage> page;
        try {
            page = GenieMessage.readPage(body);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(response);
        }
        readPages.put(body, Boolean.TRUE);
        List<Integer> firstSeen = new ArrayList<>();
        for (int index = 0; index < page.size(); index++) {
            if (lifecycle.observe(page.get(index))) {
                firstSeen.add(index);
            }
        }
        if (claims == null || firstSeen.isEmpty()) {
            firstSeen.forEach(index -> exchange.answeredInList(page.get(index), index));
            return CompletableFuture.completedFuture(response);
        }
        // Another replica may have seen some first: carry on, on the connection's own thread, once Redis says.
        List<CompletableFuture<Boolean>> claimed = new ArrayList<>(firstSeen.size());
        for (int index : firstSeen) {
            claimed.add(claims.claim(page.get(index).messageId()).toCompletableFuture());
        }
        return CompletableFuture.allOf(claimed.toArray(CompletableFuture[]::new)).thenApplyAsync(done -> {
            for (int i = 0; i < firstSeen.size(); i++) {
                if (claimed.get(i).join()) {
                    exchange.answeredInList(page.get(firstSeen.get(i)), firstSeen.get(i));
                }
            }
            return response;
        }, exchange.continuation());
    }

    private GenieMessage read(GenieOperation operation, byte[] body) throws IOException {
        GenieMessage known = terminalMessages.getIfPresent(body);
        if (known != null) {
            return known;
        }
        GenieMessage message = GenieMessage.read(operation, body);
        if (message != null && message.isTerminal()) {
            terminalMessages.put(body, message);
        }
        return message;
    }
}
