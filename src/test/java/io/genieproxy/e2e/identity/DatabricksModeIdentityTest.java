package io.genieproxy.e2e.identity;

import static io.genieproxy.e2e.identity.IdentityHttp.SPACE_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.e2e.identity.IdentityHttp.Answer;
import io.genieproxy.simulator.FaultSettings;
import io.genieproxy.simulator.RecordedRequest;
import io.genieproxy.simulator.SimulatedUser;
import io.genieproxy.simulator.SimulatedWorkspace;
import io.genieproxy.testing.LogCapture;
import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GENIE_AUTH_MODE=databricks} (the default) through the real proxy in front of the real simulated
 * workspace: the caller's Databricks token is resolved with SCIM {@code Me} before anything is forwarded.
 */
class DatabricksModeIdentityTest {
    private static final String SCIM_ME = "/api/2.0/preview/scim/v2/Me";
    private static final String ANA_TOKEN = "dapi-e2e-ana-7c1f9a2b4d6e8f0a1b3c5d7e9f";
    private static final String OUTAGE_TOKEN = "dapi-e2e-outage-3e5f7a9b1c2d4e6f8a0b";
    private static final String RECOVERY_TOKEN = "dapi-e2e-recovery-9a8b7c6d5e4f3a2b1c0d";
    private static final String BAD_TOKEN = "dapi-e2e-unknown-0f1e2d3c4b5a69788796";

    private static ProxyHarness harness;
    private static AutoCloseable debug;
    private LogCapture logs;
    private final List<String> bodies = new ArrayList<>();

    @BeforeAll
    static void start() {
        harness = ProxyHarness.start(ProxyHarness.fastSimulator()
                        .withUser(ANA_TOKEN, new SimulatedUser("ana.e2e@example.com", "6038457209934567", "Ana E2e", List.of("users")))
                        .withUser(OUTAGE_TOKEN, new SimulatedUser("olga.e2e@example.com", "6149568310045678", "Olga E2e", List.of("users")))
                        .withUser(RECOVERY_TOKEN, new SimulatedUser("rita.e2e@example.com", "6250679421156789", "Rita E2e", List.of("users"))),
                Map.of("genie.cache.ttl", "0s"));
        debug = Leaks.debugLogging();
    }

    @AfterAll
    static void stop() throws Exception {
        debug.close();
        harness.close();
    }

    @BeforeEach
    void clear() {
        harness.simulator().clearRecordedRequests();
        harness.simulator().faults(FaultSettings.none());
        logs = new LogCapture();
    }

    @AfterEach
    void closeLogs() {
        harness.simulator().faults(FaultSettings.none());
        logs.close();
    }

    private URI proxy() {
        return harness.proxyUri();
    }

    private SimulatedWorkspace simulator() {
        return harness.simulator();
    }

    private Answer keep(Answer answer) {
        bodies.add(answer.body());
        return answer;
    }

    private List<String> recordedPaths() {
        return simulator().recordedRequests().stream().map(RecordedRequest::rawPath).toList();
    }

    @Test
    void refusesACallWithoutAuthorizationWith401AndCallsNothingUpstream() {
        Answer answer = IdentityHttp.get(proxy(), SPACE_PATH, null);

        assertEquals(401, answer.status());
        assertTrue(answer.body().contains("\"error_code\":\"UNAUTHENTICATED\""), answer.body());
        assertEquals(List.of(), simulator().recordedRequests(), "no Genie call and no SCIM call");
    }

    @Test
    void refusesTwoAuthorizationHeadersAndForwardsNothing() {
        Answer answer = keep(IdentityHttp.raw(proxy(), SPACE_PATH,
                "Authorization: Bearer " + ProxyHarness.DEMO_TOKEN, "Authorization: Bearer " + ProxyHarness.DEMO_TOKEN_2));

        assertEquals(400, answer.status(), answer.body());
        assertEquals(List.of(), simulator().recordedRequests());
        Leaks.assertNowhere(logs, harness, bodies, ProxyHarness.DEMO_TOKEN, ProxyHarness.DEMO_TOKEN_2);
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(strings = {
            "Bearer dapi-demo-token, Bearer dapi-demo-token-2",
            "Bearer dapi-demo-token dapi-demo-token-2",
            "Bearer dapi-demo-token,dapi-demo-token-2"})
    void refusesTwoCredentialsInOneHeaderAndForwardsNothing(String header) {
        Answer answer = keep(IdentityHttp.raw(proxy(), SPACE_PATH, "Authorization: " + header));

        assertTrue(answer.status() == 400 || answer.status() == 401, answer.status() + " " + answer.body());
        assertTrue(answer.body().contains("\"error_code\""), answer.body());
        assertEquals(List.of(), simulator().recordedRequests());
        Leaks.assertNowhere(logs, harness, bodies, ProxyHarness.DEMO_TOKEN);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"access_token", "token", "ACCESS_TOKEN", "access%5Ftoken"})
    void refusesATokenInTheQueryStringEvenBesideAValidHeader(String parameter) {
        Answer answer = keep(IdentityHttp.raw(proxy(), SPACE_PATH + "?" + parameter + "=" + ANA_TOKEN,
                "Authorization: Bearer " + ANA_TOKEN));

        assertEquals(400, answer.status(), answer.body());
        assertEquals(List.of(), simulator().recordedRequests());
        Leaks.assertNowhere(logs, harness, bodies, ANA_TOKEN);
    }

    @Test
    void refusesACredentialWithoutTheBearerSchemeWith401AndCallsNothingUpstream() {
        Answer basic = keep(IdentityHttp.raw(proxy(), SPACE_PATH, "Authorization: Basic ZGVtbzpkYXBpLWRlbW8tdG9rZW4="));
        Answer bare = keep(IdentityHttp.raw(proxy(), SPACE_PATH, "Authorization: " + ProxyHarness.DEMO_TOKEN));

        assertEquals(401, basic.status(), basic.body());
        assertEquals(401, bare.status(), bare.body());
        assertEquals(List.of(), simulator().recordedRequests());
        Leaks.assertNowhere(logs, harness, bodies, ProxyHarness.DEMO_TOKEN);
    }

    @Test
    void passesTheWorkspacesOwn403ThroughForABadTokenAndNeverForwardsTheGenieCall() {
        Answer answer = keep(IdentityHttp.get(proxy(), SPACE_PATH, BAD_TOKEN));

        assertEquals(403, answer.status(), answer.body());
        assertEquals(List.of(SCIM_ME), recordedPaths(), "only the identity lookup reached the workspace");
        simulator().clearRecordedRequests();
        Answer direct = IdentityHttp.get(simulator().uri(), SCIM_ME, BAD_TOKEN);
        assertEquals(direct.status(), answer.status());
        assertEquals(direct.body(), answer.body(), "the workspace's own answer, unchanged");
        assertEquals("Invalid access token.", direct.reasonPhrase());
        assertEquals(direct.reasonPhrase(), answer.reasonPhrase(), "the workspace's X-Databricks-Reason-Phrase, unchanged");
        Leaks.assertNowhere(logs, harness, bodies, BAD_TOKEN);
    }

    @Test
    void resolvesTheIdentityOnceForManyRequestsAndAuditsTheUserName() {
        int auditBefore = harness.auditLines().size();
        for (int i = 0; i < 20; i++) {
            Answer answer = keep(IdentityHttp.get(proxy(), SPACE_PATH, ANA_TOKEN));
            assertEquals(200, answer.status(), answer.body());
        }

        List<String> paths = recordedPaths();
        assertEquals(1, paths.stream().filter(SCIM_ME::equals).count(), "one SCIM call for 20 requests");
        assertEquals(20, paths.stream().filter(SPACE_PATH::equals).count());
        List<String> audit = harness.auditLines().subList(auditBefore, harness.auditLines().size());
        assertEquals(20, audit.stream().filter(l -> l.contains("ana.e2e@example.com")).count(), String.join("\n", audit));
        Leaks.assertNowhere(logs, harness, bodies, ANA_TOKEN);
    }

    @Test
    void answers503WhenTheWorkspaceIsUnreachableDuringTheIdentityLookupAndForwardsNothing() {
        simulator().faults(FaultSettings.none().withResetRate(1.0).withPathContains("/scim/"));

        Answer answer = keep(IdentityHttp.get(proxy(), SPACE_PATH, OUTAGE_TOKEN));

        assertEquals(503, answer.status(), answer.body());
        assertTrue(answer.body().contains("\"error_code\":\"TEMPORARILY_UNAVAILABLE\""), answer.body());
        List<String> paths = recordedPaths();
        assertFalse(paths.isEmpty());
        assertTrue(paths.stream().allMatch(SCIM_ME::equals), "only identity lookups: " + paths);
        Leaks.assertNowhere(logs, harness, bodies, OUTAGE_TOKEN);
    }

    @Test
    void asksTheWorkspaceAgainOnceItIsBackAfterAnIdentityOutage() {
        simulator().faults(FaultSettings.none().withErrorRate(1.0).withPathContains("/scim/"));
        assertEquals(503, IdentityHttp.get(proxy(), SPACE_PATH, RECOVERY_TOKEN).status());
        assertTrue(recordedPaths().stream().allMatch(SCIM_ME::equals));
        simulator().faults(FaultSettings.none());

        Answer answer = keep(IdentityHttp.get(proxy(), SPACE_PATH, RECOVERY_TOKEN));

        assertEquals(200, answer.status(), answer.body());
        Leaks.assertNowhere(logs, harness, bodies, RECOVERY_TOKEN);
    }
}
