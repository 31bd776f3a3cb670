package io.genieproxy.cache;

import io.genieproxy.pipeline.AnswerReport;
import io.genieproxy.upstream.BufferedResponse;
import java.util.Objects;

/**
 * An answer as the cache and the poll coalescer hand it on: the (redacted) response, and what the
 * redaction stage reported of it when it was fetched, so a caller served from memory is audited as
 * fully as the one whose call went upstream.
 *
 * @param response the answer
 * @param report what redaction read and replaced in it; null when no stage read it
 */
public record CachedAnswer(BufferedResponse response, AnswerReport report) {
    public CachedAnswer {
        Objects.requireNonNull(response, "response");
    }

    /** An answer nothing reported on. */
    public static CachedAnswer of(BufferedResponse response) {
        return new CachedAnswer(response, null);
    }
}
