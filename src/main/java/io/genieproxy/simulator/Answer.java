package io.genieproxy.simulator;

import java.util.List;

/**
 * What Genie answers to one question: its kind, the generated SQL and text, suggested follow-ups, and the
 * slice of the {@link SampleDataset} the query returns ({@code rowOffset}, {@code rowCount}).
 */
record Answer(Kind kind, String title, String description, String sql, String text, List<String> suggestedQuestions,
        int rowOffset, int rowCount) {

    /** Which path through the status lifecycle the message takes. */
    enum Kind {
        /** SQL is generated and run; ends COMPLETED with a query and a text attachment. */
        QUERY,
        /** Genie answers in words only, skipping the warehouse steps. */
        TEXT_ONLY,
        /** The generated SQL fails on the warehouse; ends FAILED. */
        FAILED,
        /** The question is cancelled while Genie thinks. */
        CANCELLED
    }

    boolean hasQuery() {
        return kind == Kind.QUERY || kind == Kind.FAILED;
    }
}
