package io.genieproxy.e2e.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genieproxy.testing.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Replicas that share the machine's Redis audit and count an answered message once between them, however the
 * polls for it are spread; replicas without Redis each record it (the behaviour Redis removes).
 */
class SharedTerminalClaimTest {

    private static Map<String, Object> props(boolean sharedRedis) {
        Map<String, Object> props = new HashMap<>();
        props.put("genie.rate-limit.qpm", 100);
        props.put("genie.cache.ttl", "0s");
        if (sharedRedis) {
            props.put("genie.redis.url", "redis://127.0.0.1:6379");
            props.put("genie.redis.key-prefix", "genie-proxy:e2e-" + UUID.randomUUID() + ":");
        }
        return props;
    }

    @Test
    void twoReplicasSharingRedisRecordAnAnsweredMessageOnce() throws Exception {
        assertEquals(List.of(1, 1), detailRecordsAndTerminalCounts(true));
    }

    @Test
    void twoReplicasWithoutRedisEachRecordIt() throws Exception {
        assertEquals(List.of(2, 2), detailRecordsAndTerminalCounts(false));
    }

    /** Asks on one replica, then polls the answered message on both; returns message_details records and terminal counts, summed. */
    private static List<Integer> detailRecordsAndTerminalCounts(boolean sharedRedis) throws Exception {
        Map<String, Object> props = props(sharedRedis);
        try (ProxyHarness first = ProxyHarness.start(props)) {
            ProxyHarness second = ProxyHarness.startAgainst(first.simulator(), props);
            try {
                TrafficClient a = new TrafficClient(first.proxyUri(), ProxyHarness.DEMO_TOKEN);
                TrafficClient b = new TrafficClient(second.proxyUri(), ProxyHarness.DEMO_TOKEN);
                TrafficClient.Asked asked = a.ask("Top customers by order amount");
                a.awaitCompleted(asked);
                for (int i = 0; i < 3; i++) {
                    assertEquals(200, b.get(asked.messagePath()).statusCode());
                    assertEquals(200, a.get(asked.messagePath()).statusCode());
                }
                int details = 0;
                for (ProxyHarness replica : List.of(first, second)) {
                    details += (int) replica.auditLines().stream()
                            .filter(l -> l.contains("\"kind\":\"message_details\"") && l.contains(asked.messageId())).count();
                }
                int terminal = (int) (terminalCount(first.proxyUri()) + terminalCount(second.proxyUri()));
                return List.of(details, terminal);
            } finally {
                second.context().close();
            }
        }
    }

    private static double terminalCount(URI proxy) throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(proxy.resolve("/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        return scrape.body().lines()
                .filter(l -> l.startsWith("genie_proxy_messages_terminal_total{") && l.contains("status=\"COMPLETED\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
