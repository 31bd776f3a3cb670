package io.genieproxy.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny issuer of our own: it serves a JWKS of keys we hold, so tests can sign arbitrary (hostile)
 * payloads with a trusted key, and counts the JWKS fetches.
 */
public final class OwnJwksServer implements AutoCloseable {

    public final RSAKey rsa;
    public final ECKey ec;
    private final HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private volatile List<JWK> published;

    public OwnJwksServer() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("own-rsa").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("own-ec").generate();
        published = List.of(rsa.toPublicJWK(), ec.toPublicJWK());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            hits.incrementAndGet();
            byte[] body = new JWKSet(new ArrayList<>(published)).toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public URI jwksUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    /** Replaces the published keys (public parts only). */
    public void publish(JWK... keys) {
        List<JWK> pub = new ArrayList<>();
        for (JWK k : keys) {
            pub.add(k.toPublicJWK());
        }
        published = List.copyOf(pub);
    }

    public int jwksFetches() {
        return hits.get();
    }

    /** Signs the exact payload JSON with RS256 and our RSA key. */
    public String signRs256(String payloadJson) throws JOSEException {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), payloadJson, rsa);
    }

    public static String sign(JWSHeader header, String payloadJson, JWK key) throws JOSEException {
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        JWSObject jws = new JWSObject(header, new Payload(payloadJson));
        jws.sign(signer);
        return jws.serialize();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}
