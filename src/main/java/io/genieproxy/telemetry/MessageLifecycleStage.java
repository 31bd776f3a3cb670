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
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Reads the Genie message out of question and poll answers (after redaction) and records on the
 * exchange whether it just reached its terminal status, for audit and telemetry.
 */
public final class MessageLifecycleStage implements ProxyStage {
    private static final Set<GenieOperation> MESSAGE_OPERATIONS = Set.of(
            GenieOperation.START_CONVERSATION, GenieOperation.CREATE_MESSAGE, GenieOperation.GET_MESSAGE);

    private final MessageLifecycle lifecycle;
    /**
     * Terminal messages already read, by the identity of the answer's bytes: an answer served from the
     * per-caller cache is the same array on every hit, so it is parsed once, not on every poll.
     */
    private final Cache<byte[], GenieMessage> terminalMessages = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    public MessageLifecycleStage(MessageLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.MESSAGE_LIFECYCLE;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        GenieOperation operation = exchange.route().operation();
        if (!MESSAGE_OPERATIONS.contains(operation)) {
            return next.proceed(exchange);
        }
        exchange.needBody();
        return next.proceed(exchange).thenApply(response -> {
            if (response.isBuffered() && response.status() == 200) {
                try {
                    GenieMessage message = read(operation, response.buffered().body());
                    exchange.message(message, lifecycle.observe(message));
                } catch (IOException e) {
                    exchange.message(null, false);
                }
            }
            return response;
        });
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
