package io.genieproxy.e2e.redaction;

import static io.genieproxy.e2e.redaction.GenieCalls.customerOf;
import static io.genieproxy.e2e.redaction.GenieCalls.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.e2e.redaction.GenieCalls.Asked;
import io.genieproxy.simulator.Customer;
import io.genieproxy.testing.ProxyHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code GENIE_REDACTION=off} (Micronaut's {@code genie.redaction} property): values pass raw and startup warns. */
class RedactionOffTest {
    static final ListAppender<ILoggingEvent> events = new ListAppender<>();
    static final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    static ProxyHarness harness;
    static GenieCalls genie;

    @BeforeAll
    static void start() {
        events.start();
        root.addAppender(events);
        harness = ProxyHarness.start(DefaultPolicyRedactionTest.fastSimulator(), Map.of("genie.redaction", "off"));
        genie = new GenieCalls(harness.proxyUri());
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        root.detachAppender(events);
    }

    @Test
    void warnsAtStartupThatRedactionIsOff() {
        List<ILoggingEvent> warnings = List.copyOf(events.list).stream()
                .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("PII redaction is OFF")).toList();
        assertEquals(1, warnings.size(), "one startup warning");
    }

    @Test
    void passesEveryValueRaw() {
        Asked asked = genie.ask(ProxyHarness.DEMO_TOKEN, "Top customers by order amount");
        JsonNode result = genie.queryResult(ProxyHarness.DEMO_TOKEN, asked.attachmentResultPath());
        assertTrue(rows(result).size() >= 10);
        for (JsonNode row : rows(result)) {
            Customer c = customerOf(row);
            List<String> cells = new java.util.ArrayList<>();
            row.forEach(v -> cells.add(v.asText()));
            assertEquals(c.values(), cells);
        }
        assertTrue(asked.message().toString().contains("@"), "the text attachment is raw too");
    }
}
