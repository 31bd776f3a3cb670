package io.genieproxy.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The status path of a message, one step per {@code stepDelay} after it was created, computed from the clock
 * (no background threads): SUBMITTED → FETCHING_METADATA → FILTERING_CONTEXT → ASKING_AI → PENDING_WAREHOUSE →
 * EXECUTING_QUERY → COMPLETED, shortened for text-only answers and ending FAILED or CANCELLED when the answer says so.
 */
final class MessageLifecycle {
    static final String COMPLETED = "COMPLETED";
    static final String EXECUTING_QUERY = "EXECUTING_QUERY";
    private static final List<String> THINKING = List.of("SUBMITTED", "FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI");
    private static final List<String> QUERY = concat(THINKING, List.of("PENDING_WAREHOUSE", EXECUTING_QUERY, COMPLETED));
    private static final List<String> TEXT_ONLY = concat(THINKING, List.of(COMPLETED));
    private static final List<String> FAILED = concat(THINKING, List.of("PENDING_WAREHOUSE", EXECUTING_QUERY, "FAILED"));
    private static final List<String> CANCELLED = concat(THINKING.subList(0, 3), List.of("CANCELLED"));

    private final Duration stepDelay;

    MessageLifecycle(Duration stepDelay) {
        this.stepDelay = stepDelay;
    }

    static List<String> steps(Answer.Kind kind) {
        return switch (kind) {
            case QUERY -> QUERY;
            case TEXT_ONLY -> TEXT_ONLY;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }

    /** The index of the step a message created at {@code createdAt} has reached at {@code now}. */
    int stepIndex(Answer.Kind kind, Instant createdAt, Instant now) {
        int last = steps(kind).size() - 1;
        if (stepDelay.isZero()) {
            return last;
        }
        long elapsed = Math.max(0, Duration.between(createdAt, now).toMillis());
        return (int) Math.min(last, elapsed / stepDelay.toMillis());
    }

    String status(Answer.Kind kind, Instant createdAt, Instant now) {
        return steps(kind).get(stepIndex(kind, createdAt, now));
    }

    /** When the message last changed status. */
    Instant lastUpdated(Answer.Kind kind, Instant createdAt, Instant now) {
        return createdAt.plus(stepDelay.multipliedBy(stepIndex(kind, createdAt, now)));
    }

    /** Whether the message has reached a step where its query result can be read. */
    boolean isQueryReadable(Answer.Kind kind, Instant createdAt, Instant now) {
        String status = status(kind, createdAt, now);
        return kind == Answer.Kind.QUERY && (status.equals(EXECUTING_QUERY) || status.equals(COMPLETED))
                || kind == Answer.Kind.FAILED && status.equals("FAILED");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
