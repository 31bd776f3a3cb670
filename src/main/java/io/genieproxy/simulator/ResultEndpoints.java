package io.genieproxy.simulator;

import io.genieproxy.genie.GenieRoute;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Query results, re-execution, full-result downloads and visualization downloads of a message's query attachment.
 * Results are readable from EXECUTING_QUERY on; downloads finish one step after they are generated.
 */
final class ResultEndpoints {
    private record Download(String downloadId, String signature, String messageId, String ownerName, Instant createdAt) {
    }

    private final ConversationStore store;
    private final SpaceCatalog spaces;
    private final MessageLifecycle lifecycle;
    private final StatementResponses statements;
    private final GenieIds ids;
    private final Clock clock;
    private final Duration stepDelay;
    private final long visualizationBytes;
    private final Supplier<URI> origin;
    private final Map<String, Download> downloads = new ConcurrentHashMap<>();
    private final byte[] signingKey = new byte[32];

    ResultEndpoints(ConversationStore store, SpaceCatalog spaces, MessageLifecycle lifecycle, StatementResponses statements,
            GenieIds ids, SimulatorSettings settings, Supplier<URI> origin) {
        this.store = store;
        this.spaces = spaces;
        this.lifecycle = lifecycle;
        this.statements = statements;
        this.ids = ids;
        this.clock = settings.clock();
        this.stepDelay = settings.stepDelay();
        this.visualizationBytes = settings.visualizationBytes();
        this.origin = origin;
        new SecureRandom().nextBytes(signingKey);
    }

    /** #17, #19, #20: the statement behind the message's query attachment. */
    SimulatorResponse queryResult(GenieRoute route, SimulatedUser caller) {
        SimulatedMessage message = readableQuery(route, caller);
        return SimulatorResponse.ok(statements.inline(message.statementId, message.answer));
    }

    /** #18, #21: re-runs the SQL, giving a fresh statement id with the same rows. */
    SimulatorResponse executeQuery(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        request.jsonBody();
        SimulatedMessage message = readableQuery(route, caller);
        return SimulatorResponse.ok(statements.inline(ids.statementId(), message.answer));
    }

    SimulatorResponse generateDownload(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        request.jsonBody();
        SimulatedMessage message = completedQuery(route, caller);
        String downloadId = ids.next();
        Instant now = clock.instant();
        String signature = sign(downloadId, now);
        downloads.put(downloadId, new Download(downloadId, signature, message.messageId, caller.userName(), now));
        return SimulatorResponse.ok(JsonObject.create().with("download_id", downloadId).with("download_id_signature", signature));
    }

    SimulatorResponse getDownload(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        SimulatedMessage message = completedQuery(route, caller);
        String signature = request.queryParameter("download_id_signature");
        if (signature == null || signature.isBlank()) {
            throw WorkspaceError.invalidParameter("Missing required parameter: download_id_signature");
        }
        Download download = downloads.get(route.extraId());
        if (download == null || !download.messageId().equals(message.messageId) || !download.ownerName().equals(caller.userName())) {
            throw WorkspaceError.notFound("Download", route.extraId());
        }
        if (!download.signature().equals(signature)) {
            throw new WorkspaceError(403, "PERMISSION_DENIED", "Invalid download_id_signature.");
        }
        Instant now = clock.instant();
        boolean finished = !now.isBefore(download.createdAt().plus(stepDelay));
        String link = origin.get() + "/simulator/results/" + download.downloadId() + "/chunk-0.json?X-Amz-Expires=900&X-Amz-Signature="
                + download.signature().substring(download.signature().lastIndexOf('.') + 1);
        return SimulatorResponse.ok(statements.download(message.statementId, message.answer, finished, link,
                now.plus(Duration.ofMinutes(15)).toString()));
    }

    SimulatorResponse downloadVisualization(GenieRoute route, SimulatedUser caller) {
        completedQuery(route, caller);
        return new SimulatorResponse(200, "image/png", Map.of(), new PngBody(visualizationBytes));
    }

    private SimulatedMessage readableQuery(GenieRoute route, SimulatedUser caller) {
        SimulatedMessage message = queryMessage(route, caller);
        if (!lifecycle.isQueryReadable(message.answer.kind(), message.createdAt, clock.instant())) {
            throw new WorkspaceError(400, "INVALID_STATE", "Query result is not available until the message is executing its query.");
        }
        return message;
    }

    private SimulatedMessage completedQuery(GenieRoute route, SimulatedUser caller) {
        SimulatedMessage message = queryMessage(route, caller);
        if (!lifecycle.status(message.answer.kind(), message.createdAt, clock.instant()).equals(MessageLifecycle.COMPLETED)) {
            throw new WorkspaceError(400, "INVALID_STATE", "The message has not completed.");
        }
        return message;
    }

    private SimulatedMessage queryMessage(GenieRoute route, SimulatedUser caller) {
        spaces.get(route.spaceId());
        SimulatedMessage message = store.message(route.spaceId(), route.conversationId(), route.messageId(), caller);
        if (message.queryAttachmentId == null) {
            throw WorkspaceError.notFound("Query attachment for message", message.messageId);
        }
        if (route.attachmentId() != null && !message.isQueryAttachment(route.attachmentId())) {
            throw WorkspaceError.notFound("Attachment", route.attachmentId());
        }
        return message;
    }

    private String sign(String downloadId, Instant now) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"download_id\":\"" + downloadId + "\",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(Duration.ofMinutes(15)).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
            return header + "." + payload + "." + signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
