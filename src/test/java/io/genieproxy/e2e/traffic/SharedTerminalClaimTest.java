package io.genieproxy.e2e.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genieproxy.testing.ProxyHarness;
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
    /** Answered messages counted, every status: the one message asked here is the only one. */
    private static final String TERMINAL = "genie_proxy_messages_terminal_total";

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
                int terminal = (int) (TrafficClient.sum(TrafficClient.prometheus(first.proxyUri()), TERMINAL)
                        + TrafficClient.sum(TrafficClient.prometheus(second.proxyUri()), TERMINAL));
                return List.of(details, terminal);
            } finally {
                second.context().close();
            }
        }
    }
}
