package io.genieproxy.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class GenieRoutesTest {
    static final String S = "/api/2.0/genie/spaces/s1";
    static final String C = S + "/conversations/c1";
    static final String M = C + "/messages/m1";
    static final String A = M + "/attachments/a1";

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("GET", "/api/2.0/genie/spaces", GenieOperation.LIST_SPACES),
                Arguments.of("POST", "/api/2.0/genie/spaces", GenieOperation.CREATE_SPACE),
                Arguments.of("GET", S, GenieOperation.GET_SPACE),
                Arguments.of("PATCH", S, GenieOperation.UPDATE_SPACE),
                Arguments.of("DELETE", S, GenieOperation.TRASH_SPACE),
                Arguments.of("POST", S + "/start-conversation", GenieOperation.START_CONVERSATION),
                Arguments.of("GET", S + "/conversations", GenieOperation.LIST_CONVERSATIONS),
                Arguments.of("DELETE", C, GenieOperation.DELETE_CONVERSATION),
                Arguments.of("POST", C + "/messages", GenieOperation.CREATE_MESSAGE),
                Arguments.of("GET", C + "/messages", GenieOperation.LIST_MESSAGES),
                Arguments.of("GET", M, GenieOperation.GET_MESSAGE),
                Arguments.of("DELETE", M, GenieOperation.DELETE_MESSAGE),
                Arguments.of("POST", M + "/feedback", GenieOperation.SEND_FEEDBACK),
                Arguments.of("POST", M + "/comments", GenieOperation.CREATE_COMMENT),
                Arguments.of("GET", M + "/comments", GenieOperation.LIST_COMMENTS),
                Arguments.of("GET", C + "/list-comments", GenieOperation.LIST_CONVERSATION_COMMENTS),
                Arguments.of("GET", A + "/query-result", GenieOperation.GET_ATTACHMENT_QUERY_RESULT),
                Arguments.of("POST", A + "/execute-query", GenieOperation.EXECUTE_ATTACHMENT_QUERY),
                Arguments.of("GET", M + "/query-result", GenieOperation.GET_MESSAGE_QUERY_RESULT),
                Arguments.of("GET", M + "/query-result/a1", GenieOperation.GET_MESSAGE_ATTACHMENT_QUERY_RESULT),
                Arguments.of("POST", M + "/execute-query", GenieOperation.EXECUTE_MESSAGE_QUERY),
                Arguments.of("POST", A + "/downloads", GenieOperation.GENERATE_DOWNLOAD),
                Arguments.of("GET", A + "/downloads/d1", GenieOperation.GET_DOWNLOAD),
                Arguments.of("GET", A + "/download-visualization", GenieOperation.DOWNLOAD_VISUALIZATION),
                Arguments.of("POST", S + "/eval-runs", GenieOperation.CREATE_EVAL_RUN),
                Arguments.of("GET", S + "/eval-runs", GenieOperation.LIST_EVAL_RUNS),
                Arguments.of("GET", S + "/eval-runs/e1", GenieOperation.GET_EVAL_RUN),
                Arguments.of("GET", S + "/eval-runs/e1/results", GenieOperation.LIST_EVAL_RESULTS),
                Arguments.of("GET", S + "/eval-runs/e1/results/r1", GenieOperation.GET_EVAL_RESULT));
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @MethodSource("endpoints")
    void parsesEveryEndpointOfTheSdkIntoItsOperation(String method, String path, GenieOperation expected) {
        GenieRoute route = GenieRoutes.parse(method, path, null).orElseThrow();
        assertEquals(expected, route.operation());
    }

    @Test
    void coversAllTwentyNineSdkEndpoints() {
        Set<GenieOperation> seen = EnumSet.noneOf(GenieOperation.class);
        endpoints().forEach(a -> seen.add((GenieOperation) a.get()[2]));
        assertEquals(29, seen.size());
        assertEquals(EnumSet.complementOf(EnumSet.of(GenieOperation.OTHER)), seen);
    }

    @Test
    void extractsTheIdsOfAnAttachmentRoute() {
        GenieRoute route = GenieRoutes.parse("GET", A + "/query-result", "x=1").orElseThrow();
        assertEquals("s1", route.spaceId());
        assertEquals("c1", route.conversationId());
        assertEquals("m1", route.messageId());
        assertEquals("a1", route.attachmentId());
        assertEquals(A + "/query-result?x=1", route.target());
    }

    @Test
    void countsQuestionsButNeverPolls() {
        assertTrue(GenieRoutes.parse("POST", S + "/start-conversation", null).orElseThrow().isQuestion());
        assertTrue(GenieRoutes.parse("POST", C + "/messages", null).orElseThrow().isQuestion());
        // The workspace counts only these two POSTs against its question limit (GENIE-API), and so does the proxy.
        for (String notAQuestion : List.of(A + "/execute-query", A + "/downloads", M + "/execute-query")) {
            assertFalse(GenieRoutes.parse("POST", notAQuestion, null).orElseThrow().isQuestion(), notAQuestion);
        }
        GenieRoute poll = GenieRoutes.parse("GET", M, null).orElseThrow();
        assertTrue(poll.isPoll());
        assertFalse(poll.isQuestion());
        assertFalse(GenieRoutes.parse("GET", A + "/query-result", null).orElseThrow().isQuestion());
    }

    @Test
    void treatsAnUnknownWriteUnderTheGeniePrefixAsAQuestionThatCarriesPii() {
        GenieRoute route = GenieRoutes.parse("POST", "/api/2.0/genie/one/responses", null).orElseThrow();
        assertEquals(GenieOperation.OTHER, route.operation());
        assertTrue(route.isQuestion());
        assertTrue(route.carriesPii());
        assertFalse(route.isCacheable());
    }

    @Test
    void treatsAKnownPathWithTheWrongMethodAsUnknown() {
        assertEquals(GenieOperation.OTHER, GenieRoutes.parse("PUT", M, null).orElseThrow().operation());
        assertEquals(GenieOperation.OTHER, GenieRoutes.parse("GET", S + "/start-conversation", null).orElseThrow().operation());
    }

    @Test
    void refusesNothingOutsideThePrefixButReportsIt() {
        assertTrue(GenieRoutes.parse("GET", "/api/2.0/clusters/list", null).isEmpty());
        assertTrue(GenieRoutes.parse("GET", "/api/2.0/genie", null).isEmpty());
        assertTrue(GenieRoutes.parse("GET", "/API/2.0/genie/spaces", null).isEmpty());
    }

    @Test
    void cachesOnlyReadsOfCacheableOperations() {
        assertTrue(GenieRoutes.parse("GET", A + "/query-result", null).orElseThrow().isCacheable());
        assertFalse(GenieRoutes.parse("POST", A + "/execute-query", null).orElseThrow().isCacheable());
        assertFalse(GenieRoutes.parse("GET", A + "/downloads/d1", null).orElseThrow().isCacheable());
    }

    @Test
    void anIdIsOneTo256UnreservedCharactersButNotADotSegment() {
        java.util.regex.Pattern reference = java.util.regex.Pattern.compile("[A-Za-z0-9_\\-.~]{1,256}");
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        String alphabet = "aZ09_-.~/%:@ \u00e9\u0000";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int n = random.nextInt(0, 6); n > 0; n--) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = id.toString();
            boolean expected = reference.matcher(s).matches() && !s.equals(".") && !s.equals("..");
            assertEquals(expected, GenieRoutes.isId(s), s);
        }
        assertTrue(GenieRoutes.isId("a".repeat(256)));
        assertFalse(GenieRoutes.isId("a".repeat(257)));
        assertFalse(GenieRoutes.isId(".."));
        assertTrue(GenieRoutes.isId("..."));
    }
}
