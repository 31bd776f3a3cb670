package io.genieproxy.simulator;

import io.genieproxy.genie.GenieRoute;

/** Dispatches a parsed Genie route to the endpoint class that serves it; unknown Genie paths are 404 ENDPOINT_NOT_FOUND. */
final class GenieApi {
    private final SpaceEndpoints spaces;
    private final ConversationEndpoints conversations;
    private final ResultEndpoints results;
    private final EvalRunEndpoints evalRuns;

    GenieApi(SpaceEndpoints spaces, ConversationEndpoints conversations, ResultEndpoints results, EvalRunEndpoints evalRuns) {
        this.spaces = spaces;
        this.conversations = conversations;
        this.results = results;
        this.evalRuns = evalRuns;
    }

    SimulatorResponse handle(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        return switch (route.operation()) {
            case LIST_SPACES -> spaces.list(request);
            case CREATE_SPACE -> spaces.create(request);
            case GET_SPACE -> spaces.get(route, request);
            case UPDATE_SPACE -> spaces.update(route, request);
            case TRASH_SPACE -> spaces.trash(route);
            case START_CONVERSATION -> conversations.start(route, request, caller);
            case LIST_CONVERSATIONS -> conversations.listConversations(route, request, caller);
            case DELETE_CONVERSATION -> conversations.deleteConversation(route, caller);
            case CREATE_MESSAGE -> conversations.createMessage(route, request, caller);
            case LIST_MESSAGES -> conversations.listMessages(route, request, caller);
            case GET_MESSAGE -> conversations.getMessage(route, caller);
            case DELETE_MESSAGE -> conversations.deleteMessage(route, caller);
            case SEND_FEEDBACK -> conversations.feedback(route, request, caller);
            case CREATE_COMMENT -> conversations.createComment(route, request, caller);
            case LIST_COMMENTS -> conversations.listComments(route, request, caller);
            case LIST_CONVERSATION_COMMENTS -> conversations.listConversationComments(route, request, caller);
            case GET_ATTACHMENT_QUERY_RESULT, GET_MESSAGE_QUERY_RESULT, GET_MESSAGE_ATTACHMENT_QUERY_RESULT ->
                    results.queryResult(route, caller);
            case EXECUTE_ATTACHMENT_QUERY, EXECUTE_MESSAGE_QUERY -> results.executeQuery(route, request, caller);
            case GENERATE_DOWNLOAD -> results.generateDownload(route, request, caller);
            case GET_DOWNLOAD -> results.getDownload(route, request, caller);
            case DOWNLOAD_VISUALIZATION -> results.downloadVisualization(route, caller);
            case CREATE_EVAL_RUN -> evalRuns.create(route, request, caller);
            case LIST_EVAL_RUNS -> evalRuns.list(route, request);
            case GET_EVAL_RUN -> evalRuns.get(route);
            case LIST_EVAL_RESULTS -> evalRuns.listResults(route, request);
            case GET_EVAL_RESULT -> evalRuns.getResult(route);
            case OTHER -> throw WorkspaceError.endpointNotFound(request.method(), request.path());
        };
    }
}
