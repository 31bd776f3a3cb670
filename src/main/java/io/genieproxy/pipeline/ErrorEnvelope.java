package io.genieproxy.pipeline;

/** Renders the Databricks error envelope {@code {"error_code":"...","message":"..."}}. */
public final class ErrorEnvelope {
    private ErrorEnvelope() {
    }

    public static String json(String errorCode, String message) {
        return "{\"error_code\":\"" + escape(errorCode) + "\",\"message\":\"" + escape(message) + "\"}";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
