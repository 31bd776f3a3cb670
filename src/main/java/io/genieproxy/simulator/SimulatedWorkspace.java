package io.genieproxy.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.genieproxy.genie.GenieRoute;
import io.genieproxy.genie.GenieRoutes;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running simulated Databricks workspace on 127.0.0.1: the Genie API, SCIM {@code Me}, OIDC discovery and token
 * endpoints and {@code /health}, over real HTTP/1.1 with keep-alive. Every request is recorded. Start with
 * {@link #start(SimulatorSettings)}; close to stop.
 */
public final class SimulatedWorkspace implements AutoCloseable {
    /** The "Customer Sales" space: customers, orders and payments with PII. */
    public static final String CUSTOMER_SALES_SPACE_ID = "01ef9d2c3b4a5e6f7a8b9c0d1e2f3a4b";
    /** The "Ops Metrics" space. */
    public static final String OPS_METRICS_SPACE_ID = "01ef9d2c3b4a5e6f7a8b9c0d1e2f3a5c";

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms
        // to every response. The property is read once, when the first HttpServer is created in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorSettings settings;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;
    private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
    private final FaultInjector faults;
    private final IssuedTokens issuedTokens;
    private final AtomicInteger bodiesInProgress = new AtomicInteger();
    private final BearerAuthenticator authenticator;
    private final OidcEndpoints oidc;
    private final ScimEndpoint scim = new ScimEndpoint();
    private final QuestionBudget questionBudget;
    private final GenieApi genie;

    private SimulatedWorkspace(SimulatorSettings settings) throws IOException {
        this.settings = settings;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 256);
        this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.faults = new FaultInjector(settings.faults());
        this.issuedTokens = new IssuedTokens(settings.clock(), settings.tokenLifetime());
        TrustedJwtVerifier jwtVerifier = new TrustedJwtVerifier(settings.trustedIssuers());
        this.authenticator = new BearerAuthenticator(settings.users(), issuedTokens, jwtVerifier);
        this.oidc = new OidcEndpoints(settings.servicePrincipals(), issuedTokens, jwtVerifier, authenticator);
        this.questionBudget = new QuestionBudget(settings.questionsPerMinute(), settings.clock());
        this.genie = genieApi(settings);
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(settings.threads(), runnable -> {
            Thread thread = new Thread(runnable, "genie-simulator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private GenieApi genieApi(SimulatorSettings s) {
        GenieIds ids = new GenieIds();
        SpaceCatalog spaces = new SpaceCatalog();
        ConversationStore store = new ConversationStore();
        SampleDataset dataset = SampleDataset.standard();
        AnswerBook answers = new AnswerBook(dataset);
        MessageLifecycle lifecycle = new MessageLifecycle(s.stepDelay());
        StatementResponses statements = new StatementResponses(dataset);
        return new GenieApi(
                new SpaceEndpoints(spaces, ids, s.clock()),
                new ConversationEndpoints(spaces, store, answers, new GenieJson(lifecycle), ids, s.clock()),
                new ResultEndpoints(store, spaces, lifecycle, statements, ids, s, () -> uri),
                new EvalRunEndpoints(spaces, answers, statements, ids, s.clock(), s.stepDelay()));
    }

    /** Starts a workspace; port 0 in the settings picks a free port. */
    public static SimulatedWorkspace start(SimulatorSettings settings) {
        try {
            return new SimulatedWorkspace(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the simulated workspace on port " + settings.port(), e);
        }
    }

    public int port() {
        return uri.getPort();
    }

    /** The origin, {@code http://127.0.0.1:port}, to use as the Databricks host. */
    public URI uri() {
        return uri;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    /** Every request received (up to the configured limit, oldest dropped first), in arrival order. */
    public List<RecordedRequest> recordedRequests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    public void clearRecordedRequests() {
        synchronized (recorded) {
            recorded.clear();
        }
    }

    /** Replaces the fault injection from now on; {@link FaultSettings#none()} turns it off. */
    public void faults(FaultSettings faultSettings) {
        faults.settings(faultSettings);
    }

    public FaultSettings faults() {
        return faults.settings();
    }

    /** How many access tokens {@code /oidc/v1/token} has issued, by any grant. */
    public int tokensIssued() {
        return clientCredentialGrants() + tokenExchanges();
    }

    /** Revokes every token the OIDC endpoint has issued: from now on they are refused as a bad token is (403). */
    public void revokeIssuedTokens() {
        issuedTokens.revokeAll();
    }

    public int clientCredentialGrants() {
        return issuedTokens.count(IssuedTokens.Grant.CLIENT_CREDENTIALS);
    }

    public int tokenExchanges() {
        return issuedTokens.count(IssuedTokens.Grant.TOKEN_EXCHANGE);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI target = exchange.getRequestURI();
            String rawQuery = target.getRawQuery();
            record(new RecordedRequest(exchange.getRequestMethod(),
                    target.getRawPath() + (rawQuery == null ? "" : "?" + rawQuery), exchange.getRequestHeaders(), body));
            String path = target.getPath() == null ? "/" : target.getPath();
            FaultInjector.Decision fault = faults.decide(path);
            pause(fault);
            if (fault.reset()) {
                return;
            }
            SimulatorRequest request = new SimulatorRequest(exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
                    path, rawQuery, exchange.getRequestHeaders(), body);
            SimulatorResponse response = fault.refusal() != null ? fault.refusal() : respond(request);
            send(exchange, response, fault.slowBodyBytesPerSecond());
        }
    }

    private void record(RecordedRequest request) {
        synchronized (recorded) {
            recorded.addLast(request);
            while (recorded.size() > Math.max(0, settings.recordedRequestLimit())) {
                recorded.pollFirst();
            }
        }
    }

    private static void pause(FaultInjector.Decision fault) {
        if (!fault.latency().isZero()) {
            try {
                Thread.sleep(fault.latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SimulatorResponse respond(SimulatorRequest request) {
        try {
            return route(request);
        } catch (WorkspaceError e) {
            return SimulatorResponse.error(e);
        } catch (RuntimeException e) {
            return SimulatorResponse.error(new WorkspaceError(500, "INTERNAL_ERROR", "Internal error in the simulated workspace."));
        }
    }

    private SimulatorResponse route(SimulatorRequest request) {
        String path = request.path();
        String method = request.method();
        if (path.equals("/health") && method.equals("GET")) {
            return SimulatorResponse.ok(JsonObject.create().with("status", "UP"));
        }
        if (path.equals(OidcEndpoints.DISCOVERY_PATH) && method.equals("GET")) {
            return oidc.discovery(uri);
        }
        if (path.equals(OidcEndpoints.TOKEN_PATH)) {
            return oidc.token(request);
        }
        if (path.equals(ScimEndpoint.PATH)) {
            SimulatedUser caller = authenticator.authenticate(request.header("Authorization"));
            if (!method.equals("GET")) {
                throw WorkspaceError.endpointNotFound(method, path);
            }
            return scim.me(caller);
        }
        Optional<GenieRoute> genieRoute = isNormalised(path) ? GenieRoutes.parse(method, path, request.rawQuery()) : Optional.empty();
        if (genieRoute.isEmpty()) {
            throw WorkspaceError.endpointNotFound(method, path);
        }
        GenieRoute route = genieRoute.get();
        SimulatedUser caller = authenticator.authenticate(request.header("Authorization"));
        if (route.operation() != io.genieproxy.genie.GenieOperation.OTHER && route.isQuestion()) {
            OptionalLong retryAfter = questionBudget.tryAcquire();
            if (retryAfter.isPresent()) {
                return SimulatorResponse.error(new WorkspaceError(429, "REQUEST_LIMIT_EXCEEDED",
                        "Genie API question limit of " + settings.questionsPerMinute() + " per minute reached for this workspace."))
                        .withHeader("Retry-After", Long.toString(retryAfter.getAsLong()));
            }
        }
        return genie.handle(route, request, caller);
    }

    private static boolean isNormalised(String path) {
        return !path.contains("//") && !path.contains("/./") && !path.contains("/../") && !path.endsWith("/.") && !path.endsWith("/..");
    }

    private void send(HttpExchange exchange, SimulatorResponse response, long slowBytesPerSecond) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("x-request-id", UUID.randomUUID().toString());
        headers.set("X-Databricks-Org-Id", settings.orgId());
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        long length = response.body().length();
        exchange.sendResponseHeaders(response.status(), head || length == 0 ? -1 : length);
        if (head || length == 0) {
            return;
        }
        OutputStream out = exchange.getResponseBody();
        if (slowBytesPerSecond > 0) {
            out = new ThrottledOutputStream(out, slowBytesPerSecond);
        }
        bodiesInProgress.incrementAndGet();
        try {
            response.body().writeTo(out);
            out.flush();
        } finally {
            bodiesInProgress.decrementAndGet();
        }
    }

    /** How many response bodies are being written now (a slow or backpressured body stays here until done or cut off). */
    public int bodiesInProgress() {
        return bodiesInProgress.get();
    }

    @Override
    public String toString() {
        return "SimulatedWorkspace[" + uri + "]";
    }
}
