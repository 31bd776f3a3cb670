package io.genieproxy.genie;

/**
 * Every Genie endpoint the proxy knows, with the traits the pipeline stages decide on.
 *
 * <p>{@code question}: a new question to Genie (start a conversation, send a message), which counts
 * against the question budget as it does against the workspace's own limit; re-running a query,
 * generating a download or an evaluation run do not (GENIE-API: only those two POSTs count).
 * {@code poll}: a read clients repeat while a message progresses. {@code cacheable}: the answer can
 * be served from the per-caller cache (terminal messages, query results, short-lived metadata).
 * {@code carriesPii}: the JSON body may hold personal data and must be redacted before it leaves.
 * {@code auditAction} follows the platform's {@code aibiGenie} audit action names.
 */
public enum GenieOperation {
    LIST_SPACES("GET", "genieListSpaces", false, false, Caching.METADATA, false),
    CREATE_SPACE("POST", "genieCreateSpace", false, false, Caching.NONE, false),
    GET_SPACE("GET", "genieGetSpace", false, false, Caching.METADATA, false),
    UPDATE_SPACE("PATCH", "genieUpdateSpace", false, false, Caching.NONE, false),
    TRASH_SPACE("DELETE", "genieTrashSpace", false, false, Caching.NONE, false),
    START_CONVERSATION("POST", "genieStartConversationMessage", true, false, Caching.NONE, true),
    LIST_CONVERSATIONS("GET", "genieListConversations", false, false, Caching.METADATA, true),
    DELETE_CONVERSATION("DELETE", "genieDeleteConversation", false, false, Caching.NONE, false),
    CREATE_MESSAGE("POST", "genieCreateConversationMessage", true, false, Caching.NONE, true),
    LIST_MESSAGES("GET", "genieListConversationMessages", false, false, Caching.METADATA, true),
    GET_MESSAGE("GET", "genieGetConversationMessage", false, true, Caching.WHEN_TERMINAL, true),
    DELETE_MESSAGE("DELETE", "genieDeleteConversationMessage", false, false, Caching.NONE, false),
    SEND_FEEDBACK("POST", "genieSendMessageFeedback", false, false, Caching.NONE, false),
    CREATE_COMMENT("POST", "createConversationMessageComment", false, false, Caching.NONE, true),
    LIST_COMMENTS("GET", "genieListConversationMessageComments", false, false, Caching.METADATA, true),
    LIST_CONVERSATION_COMMENTS("GET", "genieListConversationComments", false, false, Caching.METADATA, true),
    GET_ATTACHMENT_QUERY_RESULT("GET", "genieGetQueryResultByAttachment", false, true, Caching.IMMUTABLE, true),
    EXECUTE_ATTACHMENT_QUERY("POST", "genieExecuteMessageAttachmentQuery", false, false, Caching.NONE, true),
    GET_MESSAGE_QUERY_RESULT("GET", "genieGetMessageQueryResult", false, true, Caching.IMMUTABLE, true),
    GET_MESSAGE_ATTACHMENT_QUERY_RESULT("GET", "genieGetMessageAttachmentQueryResult", false, true, Caching.IMMUTABLE, true),
    EXECUTE_MESSAGE_QUERY("POST", "genieExecuteMessageQuery", false, false, Caching.NONE, true),
    GENERATE_DOWNLOAD("POST", "genieGenerateDownloadFullQueryResult", false, false, Caching.NONE, false),
    GET_DOWNLOAD("GET", "genieGetDownloadFullQueryResult", false, true, Caching.NONE, true),
    DOWNLOAD_VISUALIZATION("GET", "genieDownloadVisualization", false, false, Caching.IMMUTABLE_WHEN_SMALL, false),
    CREATE_EVAL_RUN("POST", "genieCreateEvalRun", false, false, Caching.NONE, false),
    LIST_EVAL_RUNS("GET", "genieListEvalRuns", false, false, Caching.METADATA, false),
    GET_EVAL_RUN("GET", "genieGetEvalRun", false, true, Caching.NONE, false),
    LIST_EVAL_RESULTS("GET", "genieListEvalResults", false, false, Caching.METADATA, true),
    GET_EVAL_RESULT("GET", "genieGetEvalResult", false, false, Caching.NONE, true),
    /** A path under {@code /api/2.0/genie/} the SDK does not know: forwarded, counted as a question when it writes, redacted. */
    OTHER("*", "genieOther", false, false, Caching.NONE, true);

    /** How long an answer of this operation may be served from the per-caller cache. */
    public enum Caching {
        /** Never cached. */
        NONE,
        /** Space metadata and list pages: cached with a short TTL. */
        METADATA,
        /** A message: cached only once it has reached a terminal status. */
        WHEN_TERMINAL,
        /** A query result: it cannot change, cached for the full TTL. */
        IMMUTABLE,
        /**
         * An attachment's rendered download: it cannot change either, but may be large, so it is cached for the
         * full TTL only when it arrives whole (a small declared length); a large one streams through uncached.
         */
        IMMUTABLE_WHEN_SMALL
    }

    private final String method;
    private final String auditAction;
    private final boolean question;
    private final boolean poll;
    private final Caching caching;
    private final boolean carriesPii;

    GenieOperation(String method, String auditAction, boolean question, boolean poll, Caching caching, boolean carriesPii) {
        this.method = method;
        this.auditAction = auditAction;
        this.question = question;
        this.poll = poll;
        this.caching = caching;
        this.carriesPii = carriesPii;
    }

    /** The HTTP method of the endpoint, or {@code *} for {@link #OTHER}. */
    public String method() {
        return method;
    }

    public String auditAction() {
        return auditAction;
    }

    public boolean isQuestion() {
        return question;
    }

    public boolean isPoll() {
        return poll;
    }

    public Caching caching() {
        return caching;
    }

    public boolean isCacheable() {
        return caching != Caching.NONE;
    }

    public boolean carriesPii() {
        return carriesPii;
    }

    /** The metric/span label: lower snake case, bounded. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
