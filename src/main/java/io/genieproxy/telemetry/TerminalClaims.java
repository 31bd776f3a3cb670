package io.genieproxy.telemetry;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Lets one replica claim a message's terminal status through Redis ({@code SET NX} with an expiry), so that
 * replicas sharing a Redis audit and count each answered message once. Without a connection, or when
 * Redis fails, the replica keeps its own answer: a message may then be recorded twice, never not at all.
 */
public final class TerminalClaims {
    private static final Boolean CLAIMED = Boolean.TRUE;

    private final Supplier<RedisAsyncCommands<String, String>> commands;
    private final String keyPrefix;
    private final SetArgs expiry;
    private final Runnable onFallback;

    /**
     * @param commands the shared connection's commands, or null while it is down
     * @param keyPrefix the deployment's Redis key prefix
     * @param memory how long a claim is remembered (longer than clients keep polling a message)
     * @param onFallback called when Redis could not decide, for metrics
     */
    public TerminalClaims(Supplier<RedisAsyncCommands<String, String>> commands, String keyPrefix, Duration memory, Runnable onFallback) {
        this.commands = commands;
        this.keyPrefix = keyPrefix + "terminal:";
        this.expiry = SetArgs.Builder.nx().ex(memory.toSeconds());
        this.onFallback = onFallback;
    }

    /** Completes with true when this replica is the first to claim the message, or when Redis cannot tell. */
    public CompletionStage<Boolean> claim(String messageId) {
        RedisAsyncCommands<String, String> redis = commands.get();
        if (redis == null) {
            onFallback.run();
            return CompletableFuture.completedFuture(CLAIMED);
        }
        return redis.set(keyPrefix + messageId, "1", expiry).handle((reply, error) -> {
            if (error != null) {
                onFallback.run();
                return CLAIMED;
            }
            return "OK".equals(reply);
        });
    }
}
