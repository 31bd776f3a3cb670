package io.genieproxy.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/** The workspace-wide question limit: at most N questions in any rolling minute, as the platform enforces it. */
final class QuestionBudget {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Deque<Instant> accepted = new ArrayDeque<>();

    QuestionBudget(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one question from the budget; when it is spent, returns the seconds until one frees up instead. */
    synchronized OptionalLong tryAcquire() {
        if (perMinute <= 0) {
            return OptionalLong.empty();
        }
        Instant now = clock.instant();
        while (!accepted.isEmpty() && !accepted.peekFirst().plus(WINDOW).isAfter(now)) {
            accepted.pollFirst();
        }
        if (accepted.size() < perMinute) {
            accepted.addLast(now);
            return OptionalLong.empty();
        }
        long millis = Duration.between(now, accepted.peekFirst().plus(WINDOW)).toMillis();
        return OptionalLong.of(Math.max(1, (millis + 999) / 1000));
    }
}
