package io.genieproxy.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.genieproxy.cache.CacheSettings;
import io.genieproxy.cache.CacheStage;
import io.genieproxy.cache.PollCoalescer;
import io.genieproxy.cache.ResponseCache;
import io.genieproxy.genie.GenieMessage;
import io.genieproxy.genie.GenieOperation;
import io.genieproxy.pipeline.PendingCalls;
import io.genieproxy.ratelimit.ConnectingRedisRateLimiter;
import io.genieproxy.ratelimit.FairQueue;
import io.genieproxy.ratelimit.FallbackRateLimiter;
import io.genieproxy.ratelimit.LocalRateLimiter;
import io.genieproxy.ratelimit.QuestionGate;
import io.genieproxy.ratelimit.RateLimitDecision;
import io.genieproxy.ratelimit.RateLimitKey;
import io.genieproxy.ratelimit.RateLimitListener;
import io.genieproxy.ratelimit.RateLimitSettings;
import io.genieproxy.ratelimit.RateLimitStage;
import io.genieproxy.ratelimit.RateLimiter;
import io.genieproxy.ratelimit.RedisRateLimiter;
import io.genieproxy.telemetry.LabelledMeters;
import io.genieproxy.telemetry.MetricNames;
import io.genieproxy.upstream.CircuitBreaker;
import io.genieproxy.upstream.CircuitBreakerSettings;
import io.genieproxy.upstream.Workspace;
import io.micrometer.core.instrument.Gauge;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the question limiter (in-process, or shared through Redis when {@code GENIE_REDIS_URL} is
 * set, falling back to a conservative local share while Redis is down) and the per-caller cache.
 * The Redis keys start with {@code GENIE_REDIS_KEY_PREFIX} ({@code genie.redis.key-prefix}, default
 * {@code genie-proxy:rl:}): replicas that share a budget must share the prefix, separate deployments
 * on one Redis must not.
 */
@Factory
public class TrafficFactory {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficFactory.class);

    /** The limiter shared through Redis, when {@code GENIE_REDIS_URL} is set; it connects (and reconnects) by itself. */
    @Singleton
    @Bean(preDestroy = "close")
    SharedRedis sharedRedis(GenieEnvironment env) {
        Optional<String> url = env.get("GENIE_REDIS_URL");
        if (url.isEmpty()) {
            return new SharedRedis(null);
        }
        RedisURI uri = RedisURI.create(url.get());
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(500)))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build());
        String keyPrefix = env.get("GENIE_REDIS_KEY_PREFIX").orElse(RedisRateLimiter.DEFAULT_KEY_PREFIX);
        return new SharedRedis(new ConnectingRedisRateLimiter(client, uri, keyPrefix, RedisRateLimiter.DEFAULT_COMMAND_TIMEOUT,
                Duration.ofSeconds(1), Clock.systemUTC()));
    }

    @Singleton
    RateLimitStage rateLimitStage(RateLimitSettings settings, SharedRedis redis, Workspace workspace, MeterRegistry meters,
                                  PendingCalls pending) {
        RateLimitListener listener = metricsListener(meters);
        LocalRateLimiter local = new LocalRateLimiter();
        RateLimiter limiter = local;
        if (redis.limiter() != null) {
            FallbackRateLimiter.FailureMode mode = settings.redisFailure().toLowerCase(Locale.ROOT).equals("reject")
                    ? FallbackRateLimiter.FailureMode.REJECT : FallbackRateLimiter.FailureMode.LOCAL;
            limiter = new FallbackRateLimiter(redis.limiter(), local,
                    new FallbackRateLimiter.Settings(mode, settings.fallbackShare(), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                    Clock.systemUTC(), listener);
        }
        QuestionGate gate = new QuestionGate(limiter, settings.rule(settings.qpm()), settings.rule(settings.spaceQpm()),
                settings.rule(settings.userQpm()), listener);
        FairQueue queue = null;
        if (settings.isQueueing()) {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "genie-question-queue");
                t.setDaemon(true);
                return t;
            });
            queue = new FairQueue(scheduler, Clock.systemUTC(), settings.maxWait(), settings.maxQueue(), listener);
        }
        return new RateLimitStage(gate, queue, workspace.label(), pending);
    }

    private static RateLimitListener metricsListener(MeterRegistry meters) {
        meters.counter(MetricNames.RATE_LIMIT_FALLBACK, "reason", "connection");
        Timer wait = Timer.builder(MetricNames.RATE_LIMIT_WAIT).description("Time queued questions waited")
                .publishPercentileHistogram().register(meters);
        LabelledMeters<Counter> decisions = new LabelledMeters<>(
                v -> meters.counter(MetricNames.RATE_LIMIT_DECISIONS, "scope", v.get(0), "decision", v.get(1)));
        return new RateLimitListener() {
            @Override
            public void onDecision(RateLimitKey key, RateLimitDecision decision) {
                String outcome = decision.allowed() ? "allowed" : decision.isUnavailable() ? "unavailable" : "rejected";
                decisions.with(key.scope(), outcome).increment();
            }

            @Override
            public void onFallback(String reason) {
                meters.counter(MetricNames.RATE_LIMIT_FALLBACK, "reason", reason).increment();
            }

            @Override
            public void onQueueExit(String queue, Duration waited, boolean admitted) {
                wait.record(waited);
            }
        };
    }

    /** The workspace circuit breaker, with {@code genie.upstream.circuit.*} settings. */
    @Singleton
    CircuitBreaker circuitBreaker(CircuitBreakerSettings settings, Workspace workspace, MeterRegistry meters) {
        CircuitBreaker breaker = new CircuitBreaker(workspace.label(), settings.toSettings(), Clock.systemUTC(),
                (name, from, to) -> LOG.warn("Circuit for workspace {} went from {} to {}", name, from, to));
        Gauge.builder(MetricNames.CIRCUIT_STATE, breaker, b -> b.state().gaugeValue())
                .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                .tag("workspace", workspace.label()).register(meters);
        return breaker;
    }

    @Singleton
    CacheStage cacheStage(CacheSettings settings, Workspace workspace, MeterRegistry meters) {
        ResponseCache cache = new ResponseCache(new ResponseCache.Settings(settings.ttl(), settings.metadataTtl(), settings.maxBytes()),
                Ticker.systemTicker(), TrafficFactory::isTerminalMessage);
        PollCoalescer coalescer = new PollCoalescer(settings.minPollInterval(), Ticker.systemTicker(), PollCoalescer.DEFAULT_MAXIMUM_RECENT);
        meters.counter(MetricNames.CACHE_RESULTS, "operation", "get_message", "result", "hit");
        LabelledMeters<Counter> results = new LabelledMeters<>(v -> v.get(1).equals("coalesced")
                ? meters.counter(MetricNames.COALESCED_POLLS, "operation", v.get(0))
                : meters.counter(MetricNames.CACHE_RESULTS, "operation", v.get(0), "result", v.get(1)));
        return new CacheStage(cache, coalescer, workspace.label(), (operation, result) -> results.with(operation, result).increment());
    }

    private static boolean isTerminalMessage(io.genieproxy.upstream.BufferedResponse response) {
        try {
            GenieMessage message = GenieMessage.read(GenieOperation.GET_MESSAGE, response.body());
            return message != null && message.isTerminal();
        } catch (IOException e) {
            return false;
        }
    }

    /** The Redis-backed limiter (whose connection other shared state uses too), or null when no Redis is configured. */
    public record SharedRedis(ConnectingRedisRateLimiter limiter) {
        public void close() {
            if (limiter != null) {
                limiter.close();
            }
        }
    }
}
