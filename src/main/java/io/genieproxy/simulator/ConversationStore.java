package io.genieproxy.simulator;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Conversations and messages by id. Lookups enforce ownership the way the workspace does: somebody else's
 * conversation or message, a deleted one, or one in another space is simply 404 RESOURCE_DOES_NOT_EXIST.
 */
final class ConversationStore {
    private final Map<String, SimulatedConversation> conversations = new ConcurrentHashMap<>();
    private final Map<String, SimulatedMessage> messages = new ConcurrentHashMap<>();

    void add(SimulatedConversation conversation) {
        conversations.put(conversation.conversationId, conversation);
    }

    void add(SimulatedConversation conversation, SimulatedMessage message) {
        messages.put(message.messageId, message);
        conversation.add(message);
    }

    SimulatedConversation conversation(String spaceId, String conversationId, SimulatedUser caller) {
        SimulatedConversation c = conversations.get(conversationId);
        if (c == null || c.isDeleted() || !c.spaceId.equals(spaceId) || !c.owner.userName().equals(caller.userName())) {
            throw WorkspaceError.notFound("Conversation", conversationId);
        }
        return c;
    }

    SimulatedMessage message(String spaceId, String conversationId, String messageId, SimulatedUser caller) {
        conversation(spaceId, conversationId, caller);
        SimulatedMessage m = messages.get(messageId);
        if (m == null || m.isDeleted() || !m.conversationId.equals(conversationId)) {
            throw WorkspaceError.notFound("Message", messageId);
        }
        return m;
    }

    /** The live conversations in a space, newest first: the caller's own, or everybody's when {@code everyone}. */
    List<SimulatedConversation> inSpace(String spaceId, SimulatedUser caller, boolean everyone) {
        return conversations.values().stream()
                .filter(c -> !c.isDeleted() && c.spaceId.equals(spaceId))
                .filter(c -> everyone || c.owner.userName().equals(caller.userName()))
                .sorted(Comparator.comparing((SimulatedConversation c) -> c.createdAt).reversed()
                        .thenComparing(c -> c.conversationId))
                .toList();
    }
}
