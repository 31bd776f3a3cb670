package io.genieproxy.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Cuts a list into pages from {@code page_size} and an opaque {@code page_token}; the last page has no next token. */
final class Pagination {
    /** One page and the token of the next one, or null on the last page. */
    record Page<T>(List<T> items, String nextPageToken) {
    }

    private Pagination() {
    }

    static <T> Page<T> page(List<T> all, SimulatorRequest request, int defaultSize, int maxSize) {
        int size = pageSize(request.queryParameter("page_size"), defaultSize, maxSize);
        int offset = offset(request.queryParameter("page_token"));
        if (offset > all.size()) {
            throw WorkspaceError.invalidParameter("Invalid page_token.");
        }
        int end = Math.min(all.size(), offset + size);
        String next = end < all.size() ? token(end) : null;
        return new Page<>(List.copyOf(all.subList(offset, end)), next);
    }

    private static int pageSize(String text, int defaultSize, int maxSize) {
        if (text == null || text.isEmpty()) {
            return defaultSize;
        }
        try {
            int size = Integer.parseInt(text);
            if (size < 0) {
                throw WorkspaceError.invalidParameter("page_size must not be negative.");
            }
            return size == 0 ? defaultSize : Math.min(size, maxSize);
        } catch (NumberFormatException e) {
            throw WorkspaceError.invalidParameter("Invalid page_size: not a number.");
        }
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith("offset:")) {
                throw WorkspaceError.invalidParameter("Invalid page_token.");
            }
            return Integer.parseInt(decoded.substring(7));
        } catch (IllegalArgumentException e) {
            throw WorkspaceError.invalidParameter("Invalid page_token.");
        }
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }
}
