package io.genieproxy.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import io.genieproxy.auth.BearerCredential;
import io.genieproxy.auth.DatabricksTokenAuthenticator;
import io.genieproxy.auth.JwksCache;
import io.genieproxy.auth.JwtValidator;
import io.genieproxy.auth.OutboundHttp;
import io.genieproxy.auth.OwnJwksServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Per-request cost of authentication on the hot path: JWT validation with the JWKS already cached,
 * and Databricks-token authentication with the identity already cached (ns/op, single thread).
 */
public final class AuthBenchmark {

    private static volatile Object sink;

    private AuthBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (OwnJwksServer idp = new OwnJwksServer()) {
            String issuer = "https://idp.example/bench";
            long now = Clock.systemUTC().instant().getEpochSecond();
            String token = idp.signRs256("{\"iss\":\"" + issuer + "\",\"sub\":\"u\",\"aud\":\"genie-proxy\",\"exp\":" + (now + 3600)
                    + ",\"preferred_username\":\"ana@example.com\",\"groups\":[\"a\",\"b\"]}");
            JwksCache keys = new JwksCache(OutboundHttp.client(Duration.ofSeconds(2)), idp.jwksUrl(),
                    Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(1), Clock.systemUTC());
            JwtValidator validator = new JwtValidator(keys, issuer, "genie-proxy", Duration.ofSeconds(60), 8192, Clock.systemUTC());
            report("JwtValidator.validate (RS256, cached JWKS)", iterations, () -> sink = validator.validate(token));
        }

        HttpServer workspace = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        workspace.createContext("/", exchange -> {
            byte[] body = "{\"id\":\"1\",\"userName\":\"ana@example.com\",\"groups\":[{\"display\":\"a\"}]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        workspace.start();
        try {
            DatabricksTokenAuthenticator authenticator = new DatabricksTokenAuthenticator(
                    OutboundHttp.client(Duration.ofSeconds(2)),
                    URI.create("http://127.0.0.1:" + workspace.getAddress().getPort()), Duration.ofSeconds(2),
                    Duration.ofMinutes(5), 10_000, Ticker.systemTicker());
            BearerCredential credential = new BearerCredential("dapi0123456789abcdef0123456789abcdef");
            authenticator.authenticate(credential).toCompletableFuture().join();
            report("DatabricksTokenAuthenticator.authenticate (cached identity)", iterations * 10,
                    () -> sink = authenticator.authenticate(credential).toCompletableFuture().join());
        } finally {
            workspace.stop(0);
        }
    }

    private interface Op {
        void run() throws Exception;
    }

    private static void report(String name, int iterations, Op op) throws Exception {
        for (int i = 0; i < iterations; i++) {
            op.run();
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                op.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / iterations);
        }
        System.out.printf("%-62s %,10d ns/op (best of 5 rounds x %,d)%n", name, best, iterations);
    }
}
