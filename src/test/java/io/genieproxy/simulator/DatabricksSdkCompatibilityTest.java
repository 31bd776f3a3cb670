package io.genieproxy.simulator;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieListSpacesRequest;
import com.databricks.sdk.service.dashboards.GenieListSpacesResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.StatementResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabricksSdkCompatibilityTest {
    private static SimulatedWorkspace workspace;

    @BeforeAll
    static void start() {
        workspace = SimulatedWorkspace.start(SimulatorSettings.defaults().withStepDelay(Duration.ofMillis(50)).withQuestionsPerMinute(100));
    }

    @AfterAll
    static void stop() {
        workspace.close();
    }

    private static WorkspaceClient client(String token) {
        return new WorkspaceClient(new DatabricksConfig().setHost(workspace.uri().toString()).setToken(token));
    }

    @Test
    void officialSdkListsSpacesAsksAndReadsTheResult() throws Exception {
        WorkspaceClient sdk = client(SimulatorSettings.DEMO_TOKEN);
        GenieListSpacesResponse spaces = sdk.genie().listSpaces(new GenieListSpacesRequest().setPageSize(10L));
        assertEquals(List.of("Customer Sales", "Ops Metrics"), spaces.getSpaces().stream().map(s -> s.getTitle()).toList());

        GenieMessage message = sdk.genie().startConversation(new GenieStartConversationMessageRequest()
                .setSpaceId(SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID)
                .setContent("Top customers by order amount")).get(Duration.ofSeconds(30));
        assertEquals(MessageStatus.COMPLETED, message.getStatus());
        GenieAttachment query = message.getAttachments().iterator().next();
        StatementResponse result = sdk.genie().getMessageAttachmentQueryResult(SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID,
                message.getConversationId(), message.getMessageId(), query.getAttachmentId()).getStatementResponse();
        assertEquals(query.getQuery().getQueryResultMetadata().getRowCount(), result.getManifest().getTotalRowCount());
        assertEquals(12L, result.getManifest().getSchema().getColumnCount());
        assertTrue(result.getResult().getDataArray().iterator().next().iterator().next().matches("\\d+"));
    }

    @Test
    void officialSdkMapsWorkspaceErrorsToItsExceptions() {
        WorkspaceClient analyst = client(SimulatorSettings.DEMO_TOKEN_2);
        assertThrows(NotFound.class, () -> analyst.genie().getMessage(SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID,
                "01f0000000000000000000000000abcd", "01f0000000000000000000000000abce"));
        WorkspaceClient stranger = client("dapi-unknown");
        assertThrows(PermissionDenied.class, () -> stranger.genie().listSpaces(new GenieListSpacesRequest()));
    }

    @Test
    void officialSdkRetriesThrottledQuestionsHonouringRetryAfter() {
        try (SimulatedWorkspace throttled = SimulatedWorkspace.start(SimulatorSettings.defaults()
                .withFaults(FaultSettings.none().withThrottleRate(1).withPathContains("/start-conversation")))) {
            WorkspaceClient sdk = new WorkspaceClient(new DatabricksConfig().setHost(throttled.uri().toString())
                    .setToken(SimulatorSettings.DEMO_TOKEN));
            GenieStartConversationMessageRequest ask = new GenieStartConversationMessageRequest()
                    .setSpaceId(SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID).setContent("hello");
            DatabricksException failure = assertThrows(DatabricksException.class, () -> sdk.genie().startConversation(ask));
            assertTrue(failure.getMessage().contains("failed after 4 retries"), failure.getMessage());
            long attempts = throttled.recordedRequests().stream().filter(r -> r.rawPath().endsWith("/start-conversation")).count();
            assertEquals(4, attempts);
        }
    }
}
