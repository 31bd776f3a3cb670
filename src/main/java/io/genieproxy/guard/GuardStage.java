package io.genieproxy.guard;

import io.genieproxy.genie.GenieRoute;
import io.genieproxy.genie.GenieRoutes;
import io.genieproxy.pipeline.PipelineStage;
import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyResponse;
import io.genieproxy.pipeline.ProxyStage;
import io.genieproxy.pipeline.Rejection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Only Genie leaves the building: normalises the target once, refuses hostile shapes with 400 and
 * anything outside {@code /api/2.0/genie/} with 404 {@code ENDPOINT_NOT_FOUND}, before any other
 * stage looks at the request.
 */
public final class GuardStage implements ProxyStage {
    private final BiConsumer<String, String> onRefused;
    private final long maxBodyBytes;

    /** @param onRefused called with (kind, reason) for every refusal, for metrics */
    public GuardStage(BiConsumer<String, String> onRefused) {
        this(onRefused, Long.MAX_VALUE);
    }

    /**
     * @param onRefused called with (kind, reason) for every refusal, for metrics
     * @param maxBodyBytes the request body limit: a larger declared {@code Content-Length} is refused with 413
     *     at once, before the caller is authenticated or a byte is forwarded
     */
    public GuardStage(BiConsumer<String, String> onRefused, long maxBodyBytes) {
        this.onRefused = onRefused;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public PipelineStage stage() {
        return PipelineStage.GUARD;
    }

    @Override
    public CompletionStage<ProxyResponse> handle(ProxyExchange exchange, Next next) {
        RequestTarget target;
        try {
            target = RequestTargetGuard.normalise(exchange.rawTarget());
        } catch (RequestTargetGuard.RefusedTarget refused) {
            onRefused.accept("bad_target", refused.reason());
            exchange.denialReason("bad_target:" + refused.reason());
            return refuse(Rejection.of(Rejection.Reason.BAD_REQUEST, refused.getMessage()));
        }
        if (declaredLength(exchange) > maxBodyBytes) {
            onRefused.accept("too_large", "body");
            exchange.denialReason("body_too_large");
            return refuse(Rejection.of(Rejection.Reason.PAYLOAD_TOO_LARGE, "The request body is too large."));
        }
        Optional<GenieRoute> route = GenieRoutes.parse(exchange.method(), target.path(), target.query());
        if (route.isEmpty()) {
            onRefused.accept("not_found", "not_genie");
            exchange.denialReason("not_genie");
            return refuse(Rejection.of(Rejection.Reason.NOT_FOUND, "No API found for '" + exchange.method() + " " + target.path() + "'"));
        }
        exchange.accept(target, route.get());
        return next.proceed(exchange);
    }

    /** The declared body length, or -1 when none (or not a number: the framework refuses those itself). */
    private static long declaredLength(ProxyExchange exchange) {
        String value = exchange.requestHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static CompletionStage<ProxyResponse> refuse(Rejection rejection) {
        return CompletableFuture.completedFuture(ProxyResponse.rejected(rejection));
    }
}
