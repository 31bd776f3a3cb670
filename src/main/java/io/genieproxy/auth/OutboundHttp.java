package io.genieproxy.auth;

import java.net.http.HttpClient;
import java.time.Duration;

/** The JDK HTTP client for calls that carry a credential (SCIM, JWKS, token endpoints): bounded connect, no redirects. */
public final class OutboundHttp {
    private OutboundHttp() {
    }

    /** A client that never follows a redirect, so a credential can't be sent on to another host. */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
