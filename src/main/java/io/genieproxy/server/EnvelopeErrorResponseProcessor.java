package io.genieproxy.server;

import io.genieproxy.pipeline.ErrorEnvelope;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Renders every error the framework itself answers (unsupported method, oversized body, malformed
 * request) in the Databricks error envelope, with a fixed message that echoes nothing of the request; a method no
 * route has is answered 404 {@code ENDPOINT_NOT_FOUND}, as the workspace answers an API it does not know.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class EnvelopeErrorResponseProcessor implements ErrorResponseProcessor<String> {

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        if (response.code() == 405) {
            // A method no Genie endpoint has (TRACE, PROPFIND...): the workspace knows no such API, and says so with 404.
            response.status(404);
            response.getHeaders().remove(HttpHeaders.ALLOW);
        }
        int status = response.code();
        String body = ErrorEnvelope.json(errorCode(status), message(status));
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }

    static String errorCode(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "ENDPOINT_NOT_FOUND";
            case 413, 429, 431 -> "REQUEST_LIMIT_EXCEEDED";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "No API found for this request.";
            case 413 -> "The request body is too large.";
            case 431 -> "The request headers are too large.";
            case 415 -> "Unsupported media type.";
            default -> status >= 500 ? "The proxy could not handle the request." : "The request was refused.";
        };
    }
}
