package io.genieproxy.simulator;

import java.time.Duration;
import java.util.Locale;

/** Parses durations written like configuration values: {@code 400ms}, {@code 2s}, {@code 1m}, {@code 0}, or ISO {@code PT2S}. */
final class DurationText {
    private DurationText() {
    }

    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        int unitStart = 0;
        while (unitStart < t.length() && (Character.isDigit(t.charAt(unitStart)) || t.charAt(unitStart) == '.')) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        double amount = Double.parseDouble(t.substring(0, unitStart));
        String unit = t.substring(unitStart).trim();
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s", "" -> amount * 1000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> throw new IllegalArgumentException("unknown duration unit in: " + text);
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
