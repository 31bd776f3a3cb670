package io.genieproxy.guard;

/**
 * A request target after it was decoded and normalised once: {@code path} is decoded and holds
 * only safe characters; {@code query} is the raw query string (validated, not decoded) or null.
 */
public record RequestTarget(String path, String query) {
}
