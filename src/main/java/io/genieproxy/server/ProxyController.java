package io.genieproxy.server;

import io.genieproxy.pipeline.ProxyExchange;
import io.genieproxy.pipeline.ProxyPipeline;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Head;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The single entry point for every proxied path: turns the framework request into a
 * {@link ProxyExchange}, runs the pipeline, and renders its answer. Runs on the event loop and never
 * blocks; non-Genie paths are refused by the guard stage, never forwarded.
 */
@Controller
public class ProxyController {
    private final ProxyPipeline pipeline;
    private final ResponseRenderer renderer;

    public ProxyController(ProxyPipeline pipeline, ResponseRenderer renderer) {
        this.pipeline = pipeline;
        this.renderer = renderer;
    }

    @Get(uris = {"/", "/{+path}"}, produces = MediaType.ALL)
    public CompletionStage<MutableHttpResponse<?>> get(HttpRequest<?> request, @Nullable @PathVariable("path") String path) {
        return handle(request);
    }

    @Head(uris = {"/", "/{+path}"})
    public CompletionStage<MutableHttpResponse<?>> head(HttpRequest<?> request, @Nullable @PathVariable("path") String path) {
        return handle(request);
    }

    @Options(uris = {"/", "/{+path}"})
    public CompletionStage<MutableHttpResponse<?>> options(HttpRequest<?> request, @Nullable @PathVariable("path") String path) {
        return handle(request);
    }

    @Post(uris = {"/", "/{+path}"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public CompletionStage<MutableHttpResponse<?>> post(HttpRequest<?> request, @Nullable @PathVariable("path") String path) {
        return handle(request);
    }

    @Put(uris = {"/", "/{+path}"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public CompletionStage<MutableHttpResponse<?>> put(HttpRequest<?> request, @Nullable @PathVariable("path") String path) {
        return handle(request);
    }

    @Patch(uris = {"/", "/{+path}"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public CompletionStage<MutableHttpResponse<?>> patch(HttpRequest<?> request, @Nullable @PathVariable("path") String path) {
        return handle(request);
    }

    @Delete(uris = {"/", "/{+path}"}, consumes = MediaType.ALL, produces = MediaType.ALL)
    public CompletionStage<MutableHttpResponse<?>> delete(HttpRequest<?> request, @Nullable @PathVariable("path") String path) {
        return handle(request);
    }

    private CompletionStage<MutableHttpResponse<?>> handle(HttpRequest<?> request) {
        ProxyExchange exchange = exchangeOf(request);
        return pipeline.handle(exchange).thenApply(response -> renderer.render(exchange, response));
    }

    static ProxyExchange exchangeOf(HttpRequest<?> request) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.getHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        Executor loop = request instanceof io.micronaut.http.server.netty.NettyHttpRequest<?> netty
                ? netty.getChannelHandlerContext().channel().eventLoop() : null;
        return ProxyExchanges.create(request.getMethodName(), RawTargets.of(request), request.getRemoteAddress(), headers, request, loop);
    }
}
