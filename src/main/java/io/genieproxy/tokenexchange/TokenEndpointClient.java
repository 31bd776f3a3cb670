package io.genieproxy.tokenexchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one form-encoded OAuth token request and reads {@code access_token}/{@code expires_in}, or
 * turns the IdP's {@code {error, error_description}} into an {@link ExchangeFailure} that keeps only
 * the error code (and an {@code AADSTS} number), so nothing the request carried can reach a message.
 */
public final class TokenEndpointClient {

    /** Assumed lifetime when the IdP sends no {@code expires_in}: short, so the token is soon replaced. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpointClient.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d{2,8}");

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;

    /**
     * @param http the client; it must not follow redirects (a redirect would carry the form elsewhere)
     * @param requestTimeout how long one token request may take before the caller gets a 503
     * @param clock the time source for expiry
     */
    public TokenEndpointClient(HttpClient http, Duration requestTimeout, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param endpoint the token endpoint
     * @param form the form fields, in order
     * @param basicClientId for HTTP Basic client authentication, or null
     * @param basicClientSecret its secret, or null
     * @param idpName how the IdP is named in public messages
     */
    CompletableFuture<UpstreamToken> requestToken(URI endpoint, Map<String, String> form, String basicClientId,
                                                  String basicClientSecret, String idpName) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form), StandardCharsets.UTF_8));
        if (basicClientId != null) {
            String pair = URLEncoder.encode(basicClientId, StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(basicClientSecret, StandardCharsets.UTF_8);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        String what = cause instanceof HttpTimeoutException ? "timed out" : "could not be reached";
                        LOG.warn("token request to {} {} ({})", idpName, what, cause.getClass().getSimpleName());
                        throw new CompletionException(new ExchangeFailure(ExchangeFailure.Kind.UNAVAILABLE,
                                "The token exchange with " + idpName + " " + what + ".", null));
                    }
                    return tokenFrom(response, idpName);
                });
    }

    private UpstreamToken tokenFrom(HttpResponse<String> response, String idpName) {
        int status = response.statusCode();
        TokenResponse body = TokenResponse.parse(response.body());
        if (status == 200 && body.accessToken != null && !body.accessToken.isBlank()) {
            Duration lifetime = body.expiresInSeconds > 0 ? Duration.ofSeconds(body.expiresInSeconds) : DEFAULT_LIFETIME;
            Instant expiresAt = clock.instant().plus(lifetime);
            return new UpstreamToken(body.accessToken, expiresAt);
        }
        if (status == 200) {
            LOG.warn("token response from {} had no access_token", idpName);
            throw new CompletionException(new ExchangeFailure(ExchangeFailure.Kind.REFUSED,
                    "The token exchange with " + idpName + " returned no access token.", null));
        }
        if (status == 429 || status >= 500) {
            LOG.warn("token request to {} answered {}", idpName, status);
            throw new CompletionException(new ExchangeFailure(ExchangeFailure.Kind.UNAVAILABLE,
                    "The token exchange with " + idpName + " is unavailable (status " + status + ").", null));
        }
        String code = body.error != null && ERROR_CODE.matcher(body.error).matches() ? body.error : null;
        String aadsts = body.aadsts();
        StringBuilder message = new StringBuilder(idpName).append(" refused the token exchange (status ").append(status);
        if (code != null) {
            message.append(", ").append(code);
        }
        if (aadsts != null) {
            message.append(", ").append(aadsts);
        }
        message.append(").");
        LOG.info("token exchange refused by {}: status {}, error {}, {}", idpName, status, code, aadsts);
        throw new CompletionException(new ExchangeFailure(ExchangeFailure.Kind.REFUSED, message.toString(),
                code == null ? aadsts : code));
    }

    private static String encode(Map<String, String> form) {
        StringJoiner joiner = new StringJoiner("&");
        form.forEach((k, v) -> joiner.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    /** The fields of a token endpoint's JSON answer that matter here. */
    private static final class TokenResponse {
        String accessToken;
        long expiresInSeconds;
        String error;
        String errorDescription;
        Long firstErrorCode;

        static TokenResponse parse(String body) {
            TokenResponse r = new TokenResponse();
            if (body == null || body.isBlank()) {
                return r;
            }
            try (JsonParser p = JSON.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return r;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case "access_token" -> r.accessToken = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "expires_in" -> r.expiresInSeconds = seconds(p, value);
                        case "error" -> r.error = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "error_description" -> r.errorDescription = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "error_codes" -> r.firstErrorCode = firstNumber(p, value);
                        default -> p.skipChildren();
                    }
                }
            } catch (IOException e) {
                return new TokenResponse();
            }
            return r;
        }

        String aadsts() {
            if (errorDescription != null) {
                Matcher m = AADSTS.matcher(errorDescription);
                if (m.find()) {
                    return m.group();
                }
            }
            return firstErrorCode != null ? "AADSTS" + firstErrorCode : null;
        }

        private static long seconds(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NUMBER_INT) {
                return p.getLongValue();
            }
            if (value == JsonToken.VALUE_STRING) {
                try {
                    return Long.parseLong(p.getText().strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
            p.skipChildren();
            return 0;
        }

        private static Long firstNumber(JsonParser p, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return null;
            }
            Long first = null;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (first == null && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                    first = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
            return first;
        }
    }
}
