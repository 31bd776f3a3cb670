package io.genieproxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genieproxy.ratelimit.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final ManualTime time = new ManualTime(Instant.parse("2025-06-01T10:00:00Z"));

    @Test
    void readsDelaySeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(12)), RetryAfter.parse("12", time));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", time));
    }

    @Test
    void readsAnHttpDateAsTheWaitFromNow() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sun, 01 Jun 2025 10:01:30 GMT", time));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 01 Jun 2025 09:00:00 GMT", time), "a past date means now");
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertTrue(RetryAfter.parse(null, time).isEmpty());
        assertTrue(RetryAfter.parse("", time).isEmpty());
        assertTrue(RetryAfter.parse("-5", time).isEmpty());
        assertTrue(RetryAfter.parse("soon", time).isEmpty());
        assertTrue(RetryAfter.parse("99999999999999999999999", time).isEmpty());
    }
}
