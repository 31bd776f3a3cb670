package io.genieproxy.cache;

import io.genieproxy.genie.GenieOperation;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.pipeline.StageFailure;
import io.genieproxy.upstream.BufferedResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Serves repeated reads from the caller's own cache entries and lets concurrent identical GETs of
 * one caller share a single upstream call. Sits outside redaction, so only redacted bodies are
 * stored. {@code Cache-Control: no-cache} bypasses the cache; successful writes invalidate what they
 * made stale. Every cacheable answer carries {@code X-Cache: HIT|MISS|BYPASS}.
 */
public final class CacheStage implements ProxyStage {
    private final ResponseCache cache;
    private final PollCoalescer coalescer;
    private final String workspace;
    private final BiConsumer<String, String> onResult;

    /** @param onResult called with (operation, result) where result is hit, miss, bypass or coalesced */
    public CacheStage(ResponseCache cache, PollCoalescer coalescer, String workspace, BiConsumer<String, String> onResult) {
        this.cache = cache;
        this.coalescer = coalescer;
        this.workspace = workspace;
        this.onResult = onResult;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.CACHE;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        var route = exchange.route();
        if (!route.method().equals("GET")) {
            if (route.method().equals("HEAD") || route.method().equals("OPTIONS")) {
                return next.proceed(exchange);
            }
            return next.proceed(exchange).thenApply(response -> {
                if (response.status() >= 200 && response.status() < 300) {
                    cache.invalidateAfterWrite(workspace, route);
                }
                return response;
            });
        }
        boolean cacheable = route.isCacheable() && cache.isEnabled();
        if (!cacheable && !route.isPoll()) {
            return next.proceed(exchange);
        }
        String operation = route.operation().label();
        CacheKey key = CacheKey.of(exchange.caller(), workspace, route);
        boolean bypass = noCache(exchange);
        if (cacheable && !bypass) {
            Optional<CachedAnswer> hit = cache.get(key);
            if (hit.isPresent()) {
                onResult.accept(operation, "hit");
                exchange.cacheResult("HIT");
                exchange.answerReport(hit.get().report());
                return CompletableFuture.completedFuture(ProxyResponse.buffered(hit.get().response()).withHeader("X-Cache", "HIT"));
            }
        }
        if (route.operation().caching() == GenieOperation.Caching.IMMUTABLE_WHEN_SMALL) {
            return storeIfWhole(exchange, next, key, operation, bypass);
        }
        exchange.needBody();
        PollCoalescer.Coalesced shared = coalescer.join(key,
                () -> next.proceed(exchange).thenApply(response -> new CachedAnswer(bodyOf(response), exchange.answerReport())));
        boolean coalesced = shared.source() != PollCoalescer.Source.UPSTREAM;
        String result = bypass ? "BYPASS" : "MISS";
        if (cacheable || bypass) {
            exchange.cacheResult(result);
        }
        onResult.accept(operation, coalesced ? "coalesced" : result.toLowerCase(Locale.ROOT));
        return shared.answer().handle((answer, error) -> {
            if (error != null) {
                Throwable cause = StageFailure.unwrap(error);
                if (cause instanceof StageFailure failure) {
                    return ProxyResponse.rejected(failure.rejection());
                }
                throw new java.util.concurrent.CompletionException(cause);
            }
            if (coalesced) {
                exchange.answerReport(answer.report());
            }
            if (cacheable && !coalesced && answer.response().status() == 200) {
                cache.put(key, answer);
            }
            ProxyResponse out = ProxyResponse.buffered(answer.response());
            return cacheable ? out.withHeader("X-Cache", result) : out;
        });
    }

    /**
     * A download that may be large: never asks for the body to be read whole, and keeps the answer when the
     * forwarder read it whole anyway (a small declared length); a large answer streams through uncached.
     */
    private CompletionStage<ProxyResponse> storeIfWhole(ProxyExchange exchange, Next next, CacheKey key, String operation, boolean bypass) {
        String result = bypass ? "BYPASS" : "MISS";
        exchange.cacheResult(result);
        onResult.accept(operation, result.toLowerCase(Locale.ROOT));
        return next.proceed(exchange).thenApply(response -> {
            if (!response.isBuffered()) {
                return response.isRejected() ? response : response.withHeader("X-Cache", result);
            }
            if (response.status() == 200) {
                cache.put(key, new CachedAnswer(bodyOf(response), exchange.answerReport()));
            }
            return response.withHeader("X-Cache", result);
        });
    }

    private static BufferedResponse bodyOf(ProxyResponse response) {
        if (response.isRejected()) {
            throw new StageFailure(response.rejection());
        }
        if (!response.isBuffered()) {
            throw new IllegalStateException("a coalesced GET was not buffered");
        }
        BufferedResponse buffered = response.buffered();
        if (response.headers().isEmpty()) {
            return buffered;
        }
        var headers = new java.util.ArrayList<>(buffered.headers());
        headers.addAll(response.headers());
        return new BufferedResponse(buffered.status(), headers, buffered.body());
    }

    private static boolean noCache(ProxyExchange exchange) {
        for (String value : exchange.requestHeaders("Cache-Control")) {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.contains("no-cache") || v.contains("no-store") || v.contains("max-age=0")) {
                return true;
            }
        }
        for (String value : exchange.requestHeaders("Pragma")) {
            if (value.toLowerCase(Locale.ROOT).contains("no-cache")) {
                return true;
            }
        }
        return false;
    }
}
