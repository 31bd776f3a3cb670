package io.genieproxy.simulator;

import io.genieproxy.genie.GenieRoute;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Conversation, message, feedback and comment endpoints, with ownership enforced by the {@link ConversationStore}. */
final class ConversationEndpoints {
    private static final Set<String> RATINGS = Set.of("POSITIVE", "NEGATIVE", "NONE");

    private final SpaceCatalog spaces;
    private final ConversationStore store;
    private final AnswerBook answers;
    private final GenieJson json;
    private final GenieIds ids;
    private final Clock clock;

    ConversationEndpoints(SpaceCatalog spaces, ConversationStore store, AnswerBook answers, GenieJson json, GenieIds ids, Clock clock) {
        this.spaces = spaces;
        this.store = store;
        this.answers = answers;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
    }

    SimulatorResponse start(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        Map<String, Object> body = request.jsonBody();
        String content = SimulatorRequest.requiredString(body, "content");
        spaces.get(route.spaceId());
        Instant now = clock.instant();
        String title = content.strip().length() > 100 ? content.strip().substring(0, 100) : content.strip();
        SimulatedConversation conversation = new SimulatedConversation(ids.next(), route.spaceId(), caller, title, now);
        SimulatedMessage message = newMessage(conversation, caller, content, body, now);
        store.add(conversation);
        store.add(conversation, message);
        return SimulatorResponse.ok(JsonObject.create()
                .with("conversation_id", conversation.conversationId)
                .with("message_id", message.messageId)
                .with("conversation", json.conversation(conversation))
                .with("message", json.message(message, now)));
    }

    SimulatorResponse createMessage(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        Map<String, Object> body = request.jsonBody();
        String content = SimulatorRequest.requiredString(body, "content");
        spaces.get(route.spaceId());
        SimulatedConversation conversation = store.conversation(route.spaceId(), route.conversationId(), caller);
        Instant now = clock.instant();
        SimulatedMessage message = newMessage(conversation, caller, content, body, now);
        store.add(conversation, message);
        return SimulatorResponse.ok(json.message(message, now));
    }

    private SimulatedMessage newMessage(SimulatedConversation conversation, SimulatedUser caller, String content,
            Map<String, Object> body, Instant now) {
        boolean visualization = Boolean.TRUE.equals(body.get("enable_visualization"));
        return new SimulatedMessage(ids, conversation.conversationId, conversation.spaceId, caller, content, now,
                answers.answer(content), visualization);
    }

    SimulatorResponse listConversations(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        spaces.get(route.spaceId());
        boolean everyone = request.queryFlag("include_all");
        if (everyone && !caller.isMemberOf("admins")) {
            throw new WorkspaceError(403, "PERMISSION_DENIED", "include_all requires CAN MANAGE on the space.");
        }
        Pagination.Page<SimulatedConversation> page =
                Pagination.page(store.inSpace(route.spaceId(), caller, everyone), request, 20, 100);
        return SimulatorResponse.ok(JsonObject.create()
                .with("conversations", page.items().stream().map(c -> (Object) json.conversationSummary(c)).toList())
                .with("next_page_token", page.nextPageToken()));
    }

    SimulatorResponse deleteConversation(GenieRoute route, SimulatedUser caller) {
        spaces.get(route.spaceId());
        store.conversation(route.spaceId(), route.conversationId(), caller).delete();
        return SimulatorResponse.empty();
    }

    SimulatorResponse listMessages(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        spaces.get(route.spaceId());
        SimulatedConversation conversation = store.conversation(route.spaceId(), route.conversationId(), caller);
        Pagination.Page<SimulatedMessage> page = Pagination.page(conversation.liveMessages(), request, 20, 100);
        Instant now = clock.instant();
        return SimulatorResponse.ok(JsonObject.create()
                .with("messages", page.items().stream().map(m -> (Object) json.message(m, now)).toList())
                .with("next_page_token", page.nextPageToken()));
    }

    SimulatorResponse getMessage(GenieRoute route, SimulatedUser caller) {
        return SimulatorResponse.ok(json.message(message(route, caller), clock.instant()));
    }

    SimulatorResponse deleteMessage(GenieRoute route, SimulatedUser caller) {
        message(route, caller).delete();
        return SimulatorResponse.empty();
    }

    SimulatorResponse feedback(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        Map<String, Object> body = request.jsonBody();
        String rating = SimulatorRequest.requiredString(body, "rating");
        if (!RATINGS.contains(rating)) {
            throw WorkspaceError.invalidParameter("Invalid rating: must be one of POSITIVE, NEGATIVE, NONE.");
        }
        message(route, caller).feedback(rating, SimulatorRequest.optionalString(body, "comment"));
        return SimulatorResponse.empty();
    }

    SimulatorResponse createComment(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        String content = SimulatorRequest.requiredString(request.jsonBody(), "content");
        SimulatedMessage message = message(route, caller);
        SimulatedMessage.Comment comment = new SimulatedMessage.Comment(ids.next(), content, caller.numericId(), clock.instant());
        message.addComment(comment);
        return SimulatorResponse.ok(json.comment(message, comment));
    }

    SimulatorResponse listComments(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        SimulatedMessage message = message(route, caller);
        List<Object> all = message.comments().stream().map(c -> (Object) json.comment(message, c)).toList();
        return commentPage(all, request);
    }

    SimulatorResponse listConversationComments(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        spaces.get(route.spaceId());
        SimulatedConversation conversation = store.conversation(route.spaceId(), route.conversationId(), caller);
        List<Object> all = new ArrayList<>();
        for (SimulatedMessage message : conversation.liveMessages()) {
            message.comments().forEach(c -> all.add(json.comment(message, c)));
        }
        return commentPage(all, request);
    }

    private static SimulatorResponse commentPage(List<Object> all, SimulatorRequest request) {
        Pagination.Page<Object> page = Pagination.page(all, request, 20, 100);
        return SimulatorResponse.ok(JsonObject.create().with("comments", page.items()).with("next_page_token", page.nextPageToken()));
    }

    private SimulatedMessage message(GenieRoute route, SimulatedUser caller) {
        spaces.get(route.spaceId());
        return store.message(route.spaceId(), route.conversationId(), route.messageId(), caller);
    }
}
