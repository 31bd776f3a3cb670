package io.genieproxy.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.genieproxy.simulator.SimulatorHttp.json;
import static io.genieproxy.simulator.SimulatorHttp.list;
import static io.genieproxy.simulator.SimulatorHttp.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenieConversationTest {
    private static final String SPACE = "/api/2.0/genie/spaces/" + SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-20T16:00:00Z"));
    private SimulatedWorkspace workspace;
    private SimulatorHttp demo;
    private SimulatorHttp analyst;

    @BeforeEach
    void start() {
        workspace = SimulatedWorkspace.start(SimulatorSettings.defaults()
                .withClock(clock).withStepDelay(Duration.ofSeconds(1)).withQuestionsPerMinute(0));
        demo = new SimulatorHttp(workspace.uri(), SimulatorSettings.DEMO_TOKEN);
        analyst = demo.as(SimulatorSettings.DEMO_TOKEN_2);
    }

    @AfterEach
    void stop() {
        workspace.close();
    }

    private Map<String, Object> startConversation(String question) {
        HttpResponse<String> response = demo.post(SPACE + "/start-conversation", "{\"content\":\"" + question + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private static String messagePath(Map<String, Object> started) {
        return SPACE + "/conversations/" + started.get("conversation_id") + "/messages/" + started.get("message_id");
    }

    private Map<String, Object> completedMessage(String question) {
        Map<String, Object> started = startConversation(question);
        clock.advance(Duration.ofSeconds(10));
        return json(demo.get(messagePath(started)));
    }

    @Test
    void walksMessageThroughStatusLifecycle() {
        Map<String, Object> started = startConversation("Top customers by order amount");
        assertTrue(((String) started.get("conversation_id")).matches("[0-9a-f]{32}"));
        assertEquals("SUBMITTED", map(started.get("message")).get("status"));
        assertEquals(started.get("conversation_id"), map(started.get("conversation")).get("conversation_id"));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seen.add((String) json(demo.get(messagePath(started))).get("status"));
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of("SUBMITTED", "FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI", "PENDING_WAREHOUSE",
                "EXECUTING_QUERY", "COMPLETED", "COMPLETED"), seen);
    }

    @Test
    void answersCompletedQuestionWithQueryTextAndSuggestions() {
        Map<String, Object> message = completedMessage("Top customers by order amount");
        assertEquals(4816235087712345L, ((Number) message.get("user_id")).longValue());
        List<Object> attachments = list(message.get("attachments"));
        Map<String, Object> query = map(map(attachments.get(0)).get("query"));
        assertTrue(((String) query.get("query")).startsWith("SELECT") || ((String) query.get("query")).startsWith("WITH"));
        assertTrue(((String) query.get("statement_id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        long rows = ((Number) map(query.get("query_result_metadata")).get("row_count")).longValue();
        assertTrue(rows >= 10 && rows <= 50);
        Map<String, Object> text = map(map(attachments.get(1)).get("text"));
        assertEquals("TEXT_ATTACHMENT_PURPOSE_ANSWER", text.get("purpose"));
        assertTrue(((String) text.get("content")).contains("@"));
        assertEquals(3, list(map(map(attachments.get(2)).get("suggested_questions")).get("questions")).size());
    }

    @Test
    void givesTheSameAnswerToTheSameQuestion() {
        Map<String, Object> first = completedMessage("Orders above 1,000 in March");
        Map<String, Object> second = completedMessage("Orders above 1,000 in March");
        Map<String, Object> q1 = map(map(list(first.get("attachments")).get(0)).get("query"));
        Map<String, Object> q2 = map(map(list(second.get("attachments")).get(0)).get("query"));
        assertEquals(q1.get("query"), q2.get("query"));
        assertNotEquals(q1.get("statement_id"), q2.get("statement_id"));
        assertEquals(map(map(json(demo.get(resultPath(first))).get("statement_response")).get("result")),
                map(map(json(demo.get(resultPath(second))).get("statement_response")).get("result")));
        assertEquals(textOf(first), textOf(second));
    }

    private static Object textOf(Map<String, Object> message) {
        return map(map(list(message.get("attachments")).get(1)).get("text")).get("content");
    }

    private static String resultPath(Map<String, Object> message) {
        String attachment = (String) map(list(message.get("attachments")).get(0)).get("attachment_id");
        return SPACE + "/conversations/" + message.get("conversation_id") + "/messages/" + message.get("message_id")
                + "/attachments/" + attachment + "/query-result";
    }

    @Test
    void servesQueryResultInStatementExecutionShape() {
        Map<String, Object> message = completedMessage("Customers with a German IBAN");
        Map<String, Object> statement = map(json(demo.get(resultPath(message))).get("statement_response"));
        assertEquals("SUCCEEDED", map(statement.get("status")).get("state"));
        Map<String, Object> manifest = map(statement.get("manifest"));
        assertEquals("JSON_ARRAY", manifest.get("format"));
        List<Object> columns = list(map(manifest.get("schema")).get("columns"));
        assertEquals(SampleDataset.COLUMNS, columns.stream().map(c -> map(c).get("name")).toList());
        List<Object> rows = list(map(statement.get("result")).get("data_array"));
        assertEquals(((Number) manifest.get("total_row_count")).intValue(), rows.size());
        List<Object> row = list(rows.get(0));
        Customer customer = SampleDataset.standard().customers().stream()
                .filter(c -> c.values().get(0).equals(row.get(0))).findFirst().orElseThrow();
        assertEquals(customer.values(), row);
        String deprecated = SPACE + "/conversations/" + message.get("conversation_id") + "/messages/" + message.get("message_id") + "/query-result";
        assertEquals(200, demo.get(deprecated).statusCode());
    }

    @Test
    void returnsEveryRowForAllCustomers() {
        Map<String, Object> message = completedMessage("List all customers");
        HttpResponse<String> result = demo.get(resultPath(message));
        assertEquals(SampleDataset.STANDARD_SIZE, list(map(map(json(result).get("statement_response")).get("result")).get("data_array")).size());
        assertTrue(result.body().length() > 500_000, "body is " + result.body().length() + " chars");
    }

    @Test
    void refusesQueryResultBeforeTheQueryRuns() {
        Map<String, Object> started = startConversation("Top customers by order amount");
        clock.advance(Duration.ofSeconds(10));
        Map<String, Object> message = json(demo.get(messagePath(started)));
        String path = resultPath(message);
        Map<String, Object> fresh = startConversation("Top customers by order amount");
        String early = path.replace((String) started.get("conversation_id"), (String) fresh.get("conversation_id"))
                .replace((String) started.get("message_id"), (String) fresh.get("message_id"));
        assertEquals(404, demo.get(early).statusCode());
        assertEquals(400, demo.get(messagePath(fresh) + "/query-result").statusCode());
    }

    @Test
    void answersTextOnlyQuestionWithoutWarehouseSteps() {
        Map<String, Object> started = startConversation("hello there");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add((String) json(demo.get(messagePath(started))).get("status"));
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of("SUBMITTED", "FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI", "COMPLETED", "COMPLETED"), seen);
        Map<String, Object> message = json(demo.get(messagePath(started)));
        assertTrue(map(list(message.get("attachments")).get(0)).containsKey("text"));
        assertNull(message.get("query_result"));
    }

    @Test
    void endsFailingQuestionWithSqlExecutionError() {
        Map<String, Object> message = completedMessage("this will fail");
        assertEquals("FAILED", message.get("status"));
        assertEquals("SQL_EXECUTION_EXCEPTION", map(message.get("error")).get("type"));
        assertEquals("CANCELLED", completedMessage("please cancel").get("status"));
    }

    @Test
    void hidesAnotherUsersConversationAsNotFound() {
        Map<String, Object> started = startConversation("Top customers");
        clock.advance(Duration.ofSeconds(10));
        Map<String, Object> message = json(demo.get(messagePath(started)));
        for (HttpResponse<String> r : List.of(analyst.get(messagePath(started)), analyst.get(resultPath(message)),
                analyst.post(SPACE + "/conversations/" + started.get("conversation_id") + "/messages", "{\"content\":\"more\"}"),
                analyst.delete(SPACE + "/conversations/" + started.get("conversation_id")))) {
            assertEquals(404, r.statusCode());
            assertEquals("RESOURCE_DOES_NOT_EXIST", json(r).get("error_code"));
        }
        assertEquals(List.of(), list(json(analyst.get(SPACE + "/conversations")).get("conversations")));
        assertEquals(1, list(json(demo.get(SPACE + "/conversations")).get("conversations")).size());
    }

    @Test
    void paginatesConversationsAndMessagesUntilTheLastPage() {
        Map<String, Object> started = startConversation("first question");
        String messages = SPACE + "/conversations/" + started.get("conversation_id") + "/messages";
        for (int i = 0; i < 4; i++) {
            assertEquals(200, demo.post(messages, "{\"content\":\"follow-up " + i + "\"}").statusCode());
            startConversation("another " + i);
        }
        List<Object> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, Object> page = json(demo.get(messages + "?page_size=2" + (token == null ? "" : "&page_token=" + token)));
            all.addAll(list(page.get("messages")));
            token = (String) page.get("next_page_token");
            pages++;
        } while (token != null);
        assertEquals(5, all.size());
        assertEquals(3, pages);
        Map<String, Object> conversations = json(demo.get(SPACE + "/conversations?page_size=3"));
        assertEquals(3, list(conversations.get("conversations")).size());
        Map<String, Object> last = json(demo.get(SPACE + "/conversations?page_size=3&page_token=" + conversations.get("next_page_token")));
        assertEquals(2, list(last.get("conversations")).size());
        assertFalse(last.containsKey("next_page_token"));
        assertEquals(400, demo.get(SPACE + "/conversations?page_token=garbage!").statusCode());
    }

    @Test
    void deletesMessagesAndConversations() {
        Map<String, Object> started = startConversation("to be deleted");
        assertEquals("{}", demo.delete(messagePath(started)).body());
        assertEquals(404, demo.get(messagePath(started)).statusCode());
        assertEquals(200, demo.delete(SPACE + "/conversations/" + started.get("conversation_id")).statusCode());
        assertEquals(404, demo.get(SPACE + "/conversations/" + started.get("conversation_id") + "/messages").statusCode());
    }

    @Test
    void recordsFeedbackAndComments() {
        Map<String, Object> started = startConversation("Top customers");
        String message = messagePath(started);
        assertEquals("{}", demo.post(message + "/feedback", "{\"rating\":\"POSITIVE\",\"comment\":\"great\"}").body());
        assertEquals(400, demo.post(message + "/feedback", "{\"rating\":\"MEH\"}").statusCode());
        assertEquals("POSITIVE", map(json(demo.get(message)).get("feedback")).get("rating"));
        Map<String, Object> comment = json(demo.post(message + "/comments", "{\"content\":\"check row 3\"}"));
        assertEquals("check row 3", comment.get("content"));
        assertEquals(1, list(json(demo.get(message + "/comments")).get("comments")).size());
        String conversationComments = SPACE + "/conversations/" + started.get("conversation_id") + "/list-comments";
        assertEquals(1, list(json(demo.get(conversationComments)).get("comments")).size());
    }

    @Test
    void reExecutesQueryWithEmptyBodyOrEmptyObject() {
        Map<String, Object> message = completedMessage("Top customers");
        String execute = resultPath(message).replace("/query-result", "/execute-query");
        HttpResponse<String> noBody = demo.postEmpty(execute);
        assertEquals(200, noBody.statusCode(), noBody.body());
        assertEquals(200, demo.post(execute, "{}").statusCode());
        assertEquals(400, demo.post(execute, "{not json").statusCode());
        String deprecated = SPACE + "/conversations/" + message.get("conversation_id") + "/messages/" + message.get("message_id") + "/execute-query";
        assertEquals("SUCCEEDED", map(map(json(demo.postEmpty(deprecated)).get("statement_response")).get("status")).get("state"));
    }

    @Test
    void generatesFullResultDownloadWithExternalLinks() {
        Map<String, Object> message = completedMessage("Top customers");
        String downloads = resultPath(message).replace("/query-result", "/downloads");
        Map<String, Object> generated = json(demo.postEmpty(downloads));
        String signature = (String) generated.get("download_id_signature");
        assertEquals(3, signature.split("\\.").length);
        String poll = downloads + "/" + generated.get("download_id") + "?download_id_signature=" + signature;
        assertEquals("RUNNING", map(map(json(demo.get(poll)).get("statement_response")).get("status")).get("state"));
        clock.advance(Duration.ofSeconds(1));
        Map<String, Object> done = map(json(demo.get(poll)).get("statement_response"));
        String link = (String) map(list(map(done.get("result")).get("external_links")).get(0)).get("external_link");
        assertTrue(link.startsWith(workspace.uri() + "/"));
        assertEquals(403, demo.get(downloads + "/" + generated.get("download_id") + "?download_id_signature=x.y.z").statusCode());
        assertEquals(400, demo.get(downloads + "/" + generated.get("download_id")).statusCode());
    }

    @Test
    void streamsVisualizationPngOfConfiguredLength() throws Exception {
        Map<String, Object> message = completedMessage("Top customers");
        HttpResponse<byte[]> png = demo.getBytes(resultPath(message).replace("/query-result", "/download-visualization"));
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(64 * 1024, png.body().length);
        assertEquals((byte) 0x89, png.body()[0]);
        assertEquals('P', png.body()[1]);
    }

    @Test
    void managesSpacesWithEtagConflicts() {
        Map<String, Object> listed = json(demo.get("/api/2.0/genie/spaces?page_size=1"));
        assertEquals(1, list(listed.get("spaces")).size());
        assertEquals("Customer Sales", map(list(listed.get("spaces")).get(0)).get("title"));
        Map<String, Object> rest = json(demo.get("/api/2.0/genie/spaces?page_size=1&page_token=" + listed.get("next_page_token")));
        assertEquals("Ops Metrics", map(list(rest.get("spaces")).get(0)).get("title"));
        assertFalse(rest.containsKey("next_page_token"));

        assertEquals(400, demo.post("/api/2.0/genie/spaces", "{\"title\":\"x\"}").statusCode());
        Map<String, Object> created = json(demo.post("/api/2.0/genie/spaces",
                "{\"title\":\"Scratch\",\"warehouse_id\":\"w1\",\"serialized_space\":\"{}\"}"));
        String path = "/api/2.0/genie/spaces/" + created.get("space_id");
        assertFalse(created.containsKey("serialized_space"));
        assertEquals("{}", json(demo.get(path + "?include_serialized_space=true")).get("serialized_space"));
        String etag = (String) created.get("etag");
        Map<String, Object> updated = json(demo.patch(path, "{\"title\":\"Renamed\",\"etag\":\"" + etag + "\"}"));
        assertEquals("Renamed", updated.get("title"));
        HttpResponse<String> stale = demo.patch(path, "{\"title\":\"Again\",\"etag\":\"" + etag + "\"}");
        assertEquals(409, stale.statusCode());
        assertEquals("{}", demo.delete(path).body());
        assertEquals("RESOURCE_DOES_NOT_EXIST", json(demo.get(path)).get("error_code"));
    }

    @Test
    void runsBenchmarkEvaluations() {
        Map<String, Object> run = json(demo.post(SPACE + "/eval-runs", "{}"));
        assertEquals("RUNNING", run.get("eval_run_status"));
        clock.advance(Duration.ofSeconds(5));
        String runPath = SPACE + "/eval-runs/" + run.get("eval_run_id");
        Map<String, Object> finished = json(demo.get(runPath));
        assertEquals("DONE", finished.get("eval_run_status"));
        assertEquals(3L, ((Number) finished.get("num_done")).longValue());
        List<Object> results = list(json(demo.get(runPath + "/results")).get("eval_results"));
        assertEquals(3, results.size());
        Map<String, Object> detail = json(demo.get(runPath + "/results/" + map(results.get(0)).get("result_id")));
        assertEquals("GOOD", detail.get("assessment"));
        assertEquals(1, list(json(demo.get(SPACE + "/eval-runs")).get("eval_runs")).size());
        assertEquals(400, demo.post(SPACE + "/eval-runs", "{\"benchmark_question_ids\":[\"nope\"]}").statusCode());
    }

    @Test
    void refusesUnknownPathsMissingFieldsAndBadJson() {
        HttpResponse<String> unknown = demo.get("/api/2.0/genie/spaces/" + SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID + "/nonsense");
        assertEquals(404, unknown.statusCode());
        assertEquals("ENDPOINT_NOT_FOUND", json(unknown).get("error_code"));
        assertEquals(404, demo.get("/api/2.0/clusters/list").statusCode());
        assertEquals("INVALID_PARAMETER_VALUE", json(demo.post(SPACE + "/start-conversation", "{}")).get("error_code"));
        assertEquals(400, demo.post(SPACE + "/start-conversation", "[1,2]").statusCode());
        assertEquals(404, demo.post("/api/2.0/genie/spaces/unknownspace/start-conversation", "{\"content\":\"x\"}").statusCode());
        HttpResponse<String> health = new SimulatorHttp(workspace.uri(), null).get("/health");
        assertEquals("{\"status\":\"UP\"}", health.body());
        assertEquals(404, new SimulatorHttp(workspace.uri(), null).get("/.well-known/databricks-config").statusCode());
    }

    @Test
    void recordsEveryRequestWithItsRawTarget() {
        workspace.clearRecordedRequests();
        demo.get("/api/2.0/genie/spaces?page_size=1&x=a%20b");
        demo.post(SPACE + "/start-conversation", "{\"content\":\"hi\"}");
        List<RecordedRequest> recorded = workspace.recordedRequests();
        assertEquals(2, recorded.size());
        assertEquals("/api/2.0/genie/spaces?page_size=1&x=a%20b", recorded.get(0).rawTarget());
        assertEquals("Bearer dapi-demo-token", recorded.get(0).header("authorization"));
        assertEquals("POST", recorded.get(1).method());
        assertEquals("{\"content\":\"hi\"}", recorded.get(1).bodyText());
        HttpResponse<String> response = demo.get("/api/2.0/genie/spaces");
        assertTrue(response.headers().firstValue("x-request-id").isPresent());
        assertEquals("1234567890123456", response.headers().firstValue("X-Databricks-Org-Id").orElseThrow());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    }
}
