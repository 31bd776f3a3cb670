package io.genieproxy.simulator;

/** A refusal rendered as the Databricks error envelope {@code {"error_code":...,"message":...}} with its HTTP status. */
final class WorkspaceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;
    private final boolean reasonPhrase;

    WorkspaceError(int status, String errorCode, String message) {
        this(status, errorCode, message, false);
    }

    private WorkspaceError(int status, String errorCode, String message, boolean reasonPhrase) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.reasonPhrase = reasonPhrase;
    }

    int status() {
        return status;
    }

    String errorCode() {
        return errorCode;
    }

    /** Whether the workspace also repeats the message in {@code X-Databricks-Reason-Phrase}, as it does for a bad token. */
    boolean hasReasonPhrase() {
        return reasonPhrase;
    }

    static WorkspaceError notFound(String what, String id) {
        return new WorkspaceError(404, "RESOURCE_DOES_NOT_EXIST", what + " " + id + " does not exist.");
    }

    static WorkspaceError invalidParameter(String message) {
        return new WorkspaceError(400, "INVALID_PARAMETER_VALUE", message);
    }

    static WorkspaceError endpointNotFound(String method, String path) {
        return new WorkspaceError(404, "ENDPOINT_NOT_FOUND", "No API found for '" + method + " " + path + "'");
    }

    static WorkspaceError unauthenticated() {
        return new WorkspaceError(401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.");
    }

    static WorkspaceError invalidToken() {
        return new WorkspaceError(403, "PERMISSION_DENIED", "Invalid access token.", true);
    }

    JsonObject envelope() {
        return JsonObject.create().with("error_code", errorCode).with("message", getMessage());
    }
}
