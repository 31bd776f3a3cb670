package io.genieproxy.telemetry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.genieproxy.genie.GenieMessage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows messages from their question to their terminal status within this process: which
 * conversations have a message in flight (a gauge), and whether a terminal status is seen for the
 * first time (so it is counted and audited once, however often clients poll it afterwards).
 */
public final class MessageLifecycle {
    private final Cache<String, Boolean> terminalSeen;
    private final Cache<String, String> inFlight;
    private final Set<String> activeConversations = ConcurrentHashMap.newKeySet();

    public MessageLifecycle(Duration memory, long maxMessages, Ticker ticker) {
        this.terminalSeen = Caffeine.newBuilder().expireAfterWrite(memory).maximumSize(maxMessages).ticker(ticker).build();
        this.inFlight = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(30)).maximumSize(maxMessages).ticker(ticker)
                .<String, String>removalListener((messageId, conversationId, cause) -> {
                    if (cause.wasEvicted()) {
                        refreshActive();
                    }
                })
                .build();
    }

    /**
     * Records what a response said about a message; returns true when this is the first time the
     * message is seen in a terminal status.
     */
    public boolean observe(GenieMessage message) {
        if (message == null || message.messageId() == null) {
            return false;
        }
        if (!message.isTerminal()) {
            if (terminalSeen.getIfPresent(message.messageId()) == null && message.conversationId() != null) {
                inFlight.put(message.messageId(), message.conversationId());
                activeConversations.add(message.conversationId());
            }
            return false;
        }
        boolean first = terminalSeen.asMap().putIfAbsent(message.messageId(), Boolean.TRUE) == null;
        if (first) {
            inFlight.invalidate(message.messageId());
            refreshActive();
        }
        return first;
    }

    /** Conversations with a message this process saw asked and not yet answered. */
    public int activeConversations() {
        return activeConversations.size();
    }

    private void refreshActive() {
        activeConversations.retainAll(Set.copyOf(inFlight.asMap().values()));
    }
}
