package io.genieproxy.e2e.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.testing.ProxyHarness;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The question limit end to end: proxies in front of the real simulator, sharing the machine's
 * Redis (a fresh key prefix per test, so runs never see each other's budgets), and a private
 * redis-server that is killed mid-test for the outage behaviour.
 */
class SharedQuestionBudgetTest {
    private static final String SHARED_REDIS = "redis://127.0.0.1:6379";

    private static Map<String, Object> limited(long qpm, String redisUrl) {
        Map<String, Object> props = new HashMap<>();
        props.put("genie.rate-limit.qpm", qpm);
        props.put("genie.redis.url", redisUrl);
        props.put("genie.redis.key-prefix", "genie-proxy:rl:e2e-" + UUID.randomUUID() + ":");
        return props;
    }

    @Test
    void twoReplicasWithTheSameRedisShareOneBudgetExactly() {
        Map<String, Object> props = limited(5, SHARED_REDIS);
        try (ProxyHarness first = ProxyHarness.start(props)) {
            ProxyHarness second = ProxyHarness.startAgainst(first.simulator(), props);
            try {
                TrafficClient a = new TrafficClient(first.proxyUri(), ProxyHarness.DEMO_TOKEN);
                TrafficClient b = new TrafficClient(second.proxyUri(), ProxyHarness.DEMO_TOKEN_2);
                for (int i = 0; i < 5; i++) {
                    HttpResponse<String> r = (i % 2 == 0 ? a : b).startConversation("question " + i);
                    assertEquals(200, r.statusCode(), "question " + i + " within the shared budget: " + r.body());
                    assertEquals("5", r.headers().firstValue("RateLimit-Limit").orElse(null));
                    assertEquals(Integer.toString(4 - i), r.headers().firstValue("RateLimit-Remaining").orElse(null),
                            "the remaining budget counts questions on both replicas");
                }
                HttpResponse<String> sixth = b.startConversation("one too many");
                assertEquals(429, sixth.statusCode(), sixth.body());
                assertEquals("REQUEST_LIMIT_EXCEEDED", TrafficClient.json(sixth.body()).get("error_code"));
                long retryAfter = Long.parseLong(sixth.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(retryAfter >= 1 && retryAfter <= 12, "one permit comes back every 12 s at 5/min: " + retryAfter);
                assertEquals("5", sixth.headers().firstValue("RateLimit-Limit").orElse(null));
                assertEquals("0", sixth.headers().firstValue("RateLimit-Remaining").orElse(null));
                assertNotNull(sixth.headers().firstValue("RateLimit-Reset").orElse(null));
                assertEquals(429, a.startConversation("and on the other replica").statusCode());
                assertEquals(5, TrafficClient.seen(first.simulator(), "POST", p -> p.endsWith("/start-conversation")),
                        "refused questions never reach the workspace");
            } finally {
                second.context().close();
            }
        }
    }

    @Test
    void pollsNeverConsumeTheQuestionBudget() {
        try (ProxyHarness proxy = ProxyHarness.start(limited(5, SHARED_REDIS))) {
            TrafficClient a = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
            TrafficClient.Asked asked = a.ask("first");
            for (int i = 1; i < 4; i++) {
                a.ask("question " + i);
            }
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> poll = a.get(asked.messagePath(), "Cache-Control", "no-cache");
                assertEquals(200, poll.statusCode(), poll.body());
            }
            assertEquals(200, a.startConversation("the fifth still fits").statusCode());
            assertEquals(429, a.startConversation("the sixth does not").statusCode());
        }
    }

    @Test
    void limitsLocallyAtAConservativeShareWhenRedisStopsAndNeverLetsQuestionsThroughUnlimited() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/redis-server").canExecute(), "redis-server is not installed");
        int port = freePort();
        Process redis = startRedisServer(port);
        try (ProxyHarness proxy = ProxyHarness.start(limited(10, "redis://127.0.0.1:" + port))) {
            TrafficClient a = new TrafficClient(proxy.proxyUri(), ProxyHarness.DEMO_TOKEN);
            HttpResponse<String> viaRedis = a.startConversation("while Redis answers");
            assertEquals(200, viaRedis.statusCode());
            assertEquals("9", viaRedis.headers().firstValue("RateLimit-Remaining").orElse(null));

            redis.destroyForcibly().waitFor();
            int allowed = 0;
            int refused = 0;
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> r = a.startConversation("during the outage " + i);
                if (r.statusCode() == 200) {
                    allowed++;
                } else {
                    assertEquals(429, r.statusCode(), "an outage refuses with the usual 429, not an error: " + r.body());
                    assertEquals("REQUEST_LIMIT_EXCEEDED", TrafficClient.json(r.body()).get("error_code"));
                    assertTrue(r.headers().firstValue("Retry-After").isPresent());
                    refused++;
                }
            }
            assertEquals(5, allowed, "half of the 10/min budget (genie.rate-limit.fallback-share 0.5) while Redis is down");
            assertEquals(7, refused, "never unlimited");
            String scrape = TrafficClient.prometheus(proxy.proxyUri());
            assertTrue(TrafficClient.sum(scrape, "genie_proxy_rate_limit_fallback_total") >= 1,
                    "the fallback is counted: " + scrape.lines().filter(l -> l.contains("fallback")).toList());
        } finally {
            redis.destroyForcibly().waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Process startRedisServer(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }
}
