package io.genieproxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The audit time stamp is RFC 3339 in UTC with milliseconds, exactly as java.time's pattern writes it. */
class AuditTimeFormatTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void matchesTheReferencePatternAcrossSecondsAndYears() {
        SplittableRandom random = new SplittableRandom(7);
        Instant start = Instant.parse("2026-11-23T13:59:59.990Z");
        for (int i = 0; i < 5_000; i++) {
            Instant time = start.plusNanos(random.nextLong(0, 40_000_000L));
            assertEquals(REFERENCE.format(time), AuditRecordEncoder.formatTime(time));
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "1999-12-31T23:59:59.999999999Z",
                "2000-01-01T00:00:00.000000001Z", "9999-12-31T23:59:59.5Z"}) {
            Instant time = Instant.parse(edge);
            assertEquals(REFERENCE.format(time), AuditRecordEncoder.formatTime(time), edge);
        }
        for (int i = 0; i < 5_000; i++) {
            Instant time = Instant.ofEpochSecond(random.nextLong(-5_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
            assertEquals(REFERENCE.format(time), AuditRecordEncoder.formatTime(time));
        }
    }
}
