package io.genieproxy.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One conversation in a space, owned by the user who started it, with its messages in order. */
final class SimulatedConversation {
    final String conversationId;
    final String spaceId;
    final SimulatedUser owner;
    final String title;
    final Instant createdAt;
    private final List<SimulatedMessage> messages = new ArrayList<>();
    private boolean deleted;

    SimulatedConversation(String conversationId, String spaceId, SimulatedUser owner, String title, Instant createdAt) {
        this.conversationId = conversationId;
        this.spaceId = spaceId;
        this.owner = owner;
        this.title = title;
        this.createdAt = createdAt;
    }

    synchronized void add(SimulatedMessage message) {
        messages.add(message);
    }

    synchronized List<SimulatedMessage> liveMessages() {
        return messages.stream().filter(m -> !m.isDeleted()).toList();
    }

    synchronized Instant lastUpdated() {
        return messages.isEmpty() ? createdAt : messages.get(messages.size() - 1).createdAt;
    }

    synchronized boolean isDeleted() {
        return deleted;
    }

    synchronized void delete() {
        deleted = true;
        new ArrayList<>(messages).forEach(SimulatedMessage::delete);
    }
}
