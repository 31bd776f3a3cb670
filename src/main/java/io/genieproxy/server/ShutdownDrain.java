package io.genieproxy.server;

import io.genieproxy.pipeline.PendingCalls;
import io.genieproxy.pipeline.Rejection;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.runtime.graceful.GracefulShutdownConfiguration;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a graceful stop, shortly before the grace period ends, answers the requests still waiting on a call outside the
 * proxy (the workspace, an identity lookup, a token exchange, Redis, the question queue) with 503
 * {@code TEMPORARILY_UNAVAILABLE} and {@code Retry-After}: they are answered and audited while the server can still
 * write, instead of being cut without a response or a record when the server is forced to stop.
 */
@Singleton
public class ShutdownDrain implements GracefulShutdownCapable {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);
    /** Time left, at most, for the answers and their audit records once the waiting calls are given up. */
    private static final Duration MAX_MARGIN = Duration.ofSeconds(2);

    private final PendingCalls pending;
    private final Duration gracePeriod;

    public ShutdownDrain(PendingCalls pending, GracefulShutdownConfiguration configuration) {
        this.pending = pending;
        this.gracePeriod = configuration.getGracePeriod();
    }

    /** When the calls still waiting are given up: a quarter of the grace period before its end, at most two seconds before. */
    static Duration giveUpAfter(Duration gracePeriod) {
        Duration margin = gracePeriod.dividedBy(4);
        return gracePeriod.minus(margin.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : margin);
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(giveUpAfter(gracePeriod).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            int abandoned = pending.abandonAll(Rejection.retryLater(Rejection.Reason.UNAVAILABLE,
                    "The proxy is restarting; send the request again.", Duration.ofSeconds(1)));
            if (abandoned > 0) {
                LOG.warn("Stopping: {} request(s) still waiting on the workspace, an identity or token call, Redis or the question"
                        + " queue were answered 503 before the grace period ended", abandoned);
            }
        }, "shutdown-drain");
        timer.setDaemon(true);
        timer.start();
        // Nothing to wait for here: the server's own graceful stop waits for the requests, which this timer ends.
        return CompletableFuture.completedFuture(null);
    }
}
