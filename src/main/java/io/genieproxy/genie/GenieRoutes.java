package io.genieproxy.genie;

import java.util.Optional;

/**
 * Parses a normalised request path into a {@link GenieRoute}. The only place that knows Genie's URL
 * layout. Paths outside {@code /api/2.0/genie/} give an empty result; unknown paths inside it give
 * {@link GenieOperation#OTHER}.
 */
public final class GenieRoutes {
    /** The prefix every forwarded path starts with. */
    public static final String PREFIX = "/api/2.0/genie/";


    private GenieRoutes() {
    }

    /**
     * @param method the HTTP method
     * @param path a decoded, normalised path (no dot segments, no empty segments)
     * @param query the raw query string, or null
     */
    public static Optional<GenieRoute> parse(String method, String path, String query) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String m = method.toUpperCase(java.util.Locale.ROOT);
        String[] s = path.substring(PREFIX.length()).split("/", -1);
        Builder b = new Builder(m, path, query);
        if (s.length == 0 || !s[0].equals("spaces")) {
            return Optional.of(b.other());
        }
        if (s.length == 1) {
            return Optional.of(b.op(m.equals("POST") ? GenieOperation.CREATE_SPACE : GenieOperation.LIST_SPACES));
        }
        if (!isId(s[1])) {
            return Optional.of(b.other());
        }
        b.space = s[1];
        if (s.length == 2) {
            return Optional.of(switch (m) {
                case "GET" -> b.op(GenieOperation.GET_SPACE);
                case "PATCH" -> b.op(GenieOperation.UPDATE_SPACE);
                case "DELETE" -> b.op(GenieOperation.TRASH_SPACE);
                default -> b.other();
            });
        }
        return Optional.of(switch (s[2]) {
            case "start-conversation" -> s.length == 3 ? b.op(GenieOperation.START_CONVERSATION) : b.other();
            case "conversations" -> conversations(b, s);
            case "eval-runs" -> evalRuns(b, s);
            default -> b.other();
        });
    }

    private static GenieRoute conversations(Builder b, String[] s) {
        if (s.length == 3) {
            return b.op(GenieOperation.LIST_CONVERSATIONS);
        }
        if (!isId(s[3])) {
            return b.other();
        }
        b.conversation = s[3];
        if (s.length == 4) {
            return b.op(GenieOperation.DELETE_CONVERSATION);
        }
        if (s[4].equals("list-comments")) {
            return s.length == 5 ? b.op(GenieOperation.LIST_CONVERSATION_COMMENTS) : b.other();
        }
        if (!s[4].equals("messages")) {
            return b.other();
        }
        if (s.length == 5) {
            return b.method.equals("POST") ? b.op(GenieOperation.CREATE_MESSAGE) : b.op(GenieOperation.LIST_MESSAGES);
        }
        if (!isId(s[5])) {
            return b.other();
        }
        b.message = s[5];
        if (s.length == 6) {
            return b.method.equals("DELETE") ? b.op(GenieOperation.DELETE_MESSAGE) : b.op(GenieOperation.GET_MESSAGE);
        }
        return message(b, s);
    }

    private static GenieRoute message(Builder b, String[] s) {
        String tail = s[6];
        int rest = s.length - 7;
        switch (tail) {
            case "feedback":
                return rest == 0 ? b.op(GenieOperation.SEND_FEEDBACK) : b.other();
            case "comments":
                if (rest != 0) {
                    return b.other();
                }
                return b.method.equals("POST") ? b.op(GenieOperation.CREATE_COMMENT) : b.op(GenieOperation.LIST_COMMENTS);
            case "query-result":
                if (rest == 0) {
                    return b.op(GenieOperation.GET_MESSAGE_QUERY_RESULT);
                }
                if (rest == 1 && isId(s[7])) {
                    b.attachment = s[7];
                    return b.op(GenieOperation.GET_MESSAGE_ATTACHMENT_QUERY_RESULT);
                }
                return b.other();
            case "execute-query":
                return rest == 0 ? b.op(GenieOperation.EXECUTE_MESSAGE_QUERY) : b.other();
            case "attachments":
                return attachment(b, s);
            default:
                return b.other();
        }
    }

    private static GenieRoute attachment(Builder b, String[] s) {
        if (s.length < 9 || !isId(s[7])) {
            return b.other();
        }
        b.attachment = s[7];
        String tail = s[8];
        int rest = s.length - 9;
        return switch (tail) {
            case "query-result" -> rest == 0 ? b.op(GenieOperation.GET_ATTACHMENT_QUERY_RESULT) : b.other();
            case "execute-query" -> rest == 0 ? b.op(GenieOperation.EXECUTE_ATTACHMENT_QUERY) : b.other();
            case "download-visualization" -> rest == 0 ? b.op(GenieOperation.DOWNLOAD_VISUALIZATION) : b.other();
            case "downloads" -> {
                if (rest == 0) {
                    yield b.op(GenieOperation.GENERATE_DOWNLOAD);
                }
                if (rest == 1 && isId(s[9])) {
                    b.extra = s[9];
                    yield b.op(GenieOperation.GET_DOWNLOAD);
                }
                yield b.other();
            }
            default -> b.other();
        };
    }

    private static GenieRoute evalRuns(Builder b, String[] s) {
        if (s.length == 3) {
            return b.method.equals("POST") ? b.op(GenieOperation.CREATE_EVAL_RUN) : b.op(GenieOperation.LIST_EVAL_RUNS);
        }
        if (!isId(s[3])) {
            return b.other();
        }
        b.extra = s[3];
        if (s.length == 4) {
            return b.op(GenieOperation.GET_EVAL_RUN);
        }
        if (!s[4].equals("results")) {
            return b.other();
        }
        if (s.length == 5) {
            return b.op(GenieOperation.LIST_EVAL_RESULTS);
        }
        if (s.length == 6 && isId(s[5])) {
            b.extra = s[3] + "/" + s[5];
            return b.op(GenieOperation.GET_EVAL_RESULT);
        }
        return b.other();
    }

    /** Whether a path segment is a plausible Genie id (opaque, URL-safe, no dot segment). */
    public static boolean isId(String segment) {
        int length = segment.length();
        if (length == 0 || length > 256 || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = segment.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-' || c == '.' || c == '~';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** Builds the path of a message, for components that address one (the simulator, tests). */
    public static String messagePath(String spaceId, String conversationId, String messageId) {
        return PREFIX + "spaces/" + spaceId + "/conversations/" + conversationId + "/messages/" + messageId;
    }

    private static final class Builder {
        final String method;
        final String path;
        final String query;
        String space;
        String conversation;
        String message;
        String attachment;
        String extra;

        Builder(String method, String path, String query) {
            this.method = method;
            this.path = path;
            this.query = query;
        }

        /** The operation when the request uses its method; otherwise an unknown Genie route. */
        GenieRoute op(GenieOperation op) {
            if (!op.method().equals(method)) {
                return other();
            }
            return new GenieRoute(op, method, path, query, space, conversation, message, attachment, extra);
        }

        GenieRoute other() {
            return new GenieRoute(GenieOperation.OTHER, method, path, query, space, conversation, message, attachment, extra);
        }
    }
}
