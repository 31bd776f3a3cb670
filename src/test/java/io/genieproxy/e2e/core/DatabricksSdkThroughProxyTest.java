package io.genieproxy.e2e.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieConversationSummary;
import com.databricks.sdk.service.dashboards.GenieCreateConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieExecuteMessageAttachmentQueryRequest;
import com.databricks.sdk.service.dashboards.GenieListSpacesRequest;
import com.databricks.sdk.service.dashboards.GenieListSpacesResponse;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieSpace;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.simulator.SimulatorSettings;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official Databricks Java SDK, pointed at the proxy, runs a whole Genie session as against a workspace. */
@Timeout(120)
class DatabricksSdkThroughProxyTest {
    private static final String SPACE = SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID;
    private static final String SCIM_ME = "/api/2.0/preview/scim/v2/Me";

    static LogCapture logs;
    static ProxyHarness harness;
    static WorkspaceClient sdk;

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        harness = ProxyHarness.start(SimulatorSettings.defaults().withStepDelay(Duration.ofMillis(50)).withQuestionsPerMinute(0), Map.of());
        sdk = new WorkspaceClient(new DatabricksConfig().setHost(harness.proxyUri().toString()).setToken(ProxyHarness.DEMO_TOKEN));
    }

    @AfterAll
    static void stop() {
        try {
            assertEquals(List.of(), logs.linesContaining(ProxyHarness.DEMO_TOKEN), "a bearer token was logged");
        } finally {
            harness.close();
            logs.close();
        }
    }

    @Test
    void listsSpacesPageByPageFollowingNextPageToken() {
        List<String> titles = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            GenieListSpacesResponse page = sdk.genie().listSpaces(new GenieListSpacesRequest().setPageSize(1L).setPageToken(token));
            assertEquals(1, page.getSpaces().size());
            page.getSpaces().forEach(s -> titles.add(s.getTitle()));
            token = page.getNextPageToken();
            pages++;
        } while (token != null && !token.isEmpty() && pages < 10);
        assertEquals(List.of("Customer Sales", "Ops Metrics"), titles);
        assertEquals(2, pages);
        GenieSpace space = sdk.genie().getSpace(SPACE);
        assertEquals(SPACE, space.getSpaceId());
        assertEquals("Customer Sales", space.getTitle());
    }

    @Test
    void runsAConversationReadsRedactedResultsAndDeletesIt() throws Exception {
        GenieMessage first = sdk.genie().startConversation(new GenieStartConversationMessageRequest()
                .setSpaceId(SPACE).setContent("Top customers by order amount")).get(Duration.ofSeconds(30));
        assertEquals(MessageStatus.COMPLETED, first.getStatus());
        String conversation = first.getConversationId();

        GenieMessage followUp = sdk.genie().createMessage(new GenieCreateConversationMessageRequest()
                .setSpaceId(SPACE).setConversationId(conversation).setContent("And their emails?")).get(Duration.ofSeconds(30));
        assertEquals(MessageStatus.COMPLETED, followUp.getStatus());
        assertEquals(conversation, followUp.getConversationId());

        GenieAttachment query = queryAttachment(first);
        long rows = query.getQuery().getQueryResultMetadata().getRowCount();
        StatementResponse result = sdk.genie().getMessageAttachmentQueryResult(SPACE, conversation, first.getMessageId(),
                query.getAttachmentId()).getStatementResponse();
        assertEquals(StatementState.SUCCEEDED, result.getStatus().getState());
        assertEquals(rows, result.getManifest().getTotalRowCount());
        assertEquals(12L, result.getManifest().getSchema().getColumnCount());
        assertEquals(rows, (long) result.getResult().getDataArray().size());
        int email = columnIndex(result, "email");
        int customerId = columnIndex(result, "customer_id");
        for (Collection<String> row : result.getResult().getDataArray()) {
            List<String> cells = List.copyOf(row);
            assertEquals("[REDACTED:EMAIL]", cells.get(email));
            assertTrue(cells.get(customerId).matches("\\d+"), "a non-PII cell was changed: " + cells.get(customerId));
        }

        StatementResponse rerun = sdk.genie().executeMessageAttachmentQuery(new GenieExecuteMessageAttachmentQueryRequest()
                .setSpaceId(SPACE).setConversationId(conversation).setMessageId(first.getMessageId())
                .setAttachmentId(query.getAttachmentId())).getStatementResponse();
        assertEquals(StatementState.SUCCEEDED, rerun.getStatus().getState());
        assertEquals(rows, rerun.getManifest().getTotalRowCount());
        assertEquals("[REDACTED:EMAIL]", List.copyOf(rerun.getResult().getDataArray().iterator().next()).get(email));

        List<String> conversations = new ArrayList<>();
        for (GenieConversationSummary c : sdk.genie().listConversations(SPACE).getConversations()) {
            conversations.add(c.getConversationId());
        }
        assertTrue(conversations.contains(conversation), conversations.toString());
        List<String> messages = sdk.genie().listConversationMessages(SPACE, conversation).getMessages().stream()
                .map(GenieMessage::getMessageId).toList();
        assertTrue(messages.containsAll(List.of(first.getMessageId(), followUp.getMessageId())), messages.toString());

        sdk.genie().deleteConversation(SPACE, conversation);
        assertThrows(NotFound.class, () -> sdk.genie().getMessage(SPACE, conversation, first.getMessageId()));
    }

    @Test
    void answersTheSdkStartUpProbesItselfWithEndpointNotFound() throws Exception {
        // The SDK sent its probes when the client was built; the workspace must never have seen them.
        assertNotNull(sdk.config().getHost());
        sdk.genie().getSpace(SPACE);
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("/.well-known/databricks-config") && l.contains("404")),
                "the SDK's databricks-config probe did not get a 404");
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("/oidc/.well-known/oauth-authorization-server")),
                "the SDK's OIDC probe was not answered by the proxy");
        for (RecordedRequest r : harness.simulator().recordedRequests()) {
            assertTrue(r.rawPath().startsWith("/api/2.0/genie/") || r.rawPath().equals(SCIM_ME),
                    "reached the workspace: " + r.method() + " " + r.rawPath());
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String probe : List.of("/.well-known/databricks-config", "/oidc/.well-known/oauth-authorization-server")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(harness.proxyUri() + probe))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode(), probe);
            assertTrue(response.body().contains("\"error_code\":\"ENDPOINT_NOT_FOUND\""), response.body());
        }
        assertFalse(harness.simulator().recordedRequests().stream().anyMatch(r -> r.rawPath().contains("well-known")));
    }

    private static GenieAttachment queryAttachment(GenieMessage message) {
        for (GenieAttachment a : message.getAttachments()) {
            if (a.getQuery() != null) {
                return a;
            }
        }
        throw new AssertionError("no query attachment in " + message);
    }

    private static int columnIndex(StatementResponse result, String name) {
        List<ColumnInfo> columns = List.copyOf(result.getManifest().getSchema().getColumns());
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }
}
