package io.genieproxy.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Prometheus text exposition with one series family for every metric the dashboards use, shaped
 * as Micrometer exports the proxy's meters (counters {@code _total}, timers as {@code _seconds}
 * histograms, gauges as named). Counter and histogram values grow with each scrape so that
 * {@code rate()} and {@code histogram_quantile()} give real numbers.
 */
final class MetricsFixture {
    private MetricsFixture() {
    }

    private static final double[] BUCKETS = {0.1, 0.5, 1, 5, 30};
    private static final double[] BUCKET_SHARE = {0.2, 0.5, 0.8, 0.95, 1.0};

    private record Family(String name, String type, List<Map<String, String>> series, double value) {
    }

    private static final List<Family> FAMILIES = new ArrayList<>();

    static {
        List<Map<String, String>> requests = new ArrayList<>();
        for (String op : List.of("start_conversation", "create_message", "get_message")) {
            requests.add(labels("operation", op, "outcome", "allowed", "status_class", "2xx"));
            requests.add(labels("operation", op, "outcome", "denied", "status_class", "4xx"));
            requests.add(labels("operation", op, "outcome", "rate_limited", "status_class", "4xx"));
            requests.add(labels("operation", op, "outcome", "error", "status_class", "5xx"));
        }
        counter("genie_proxy_requests", requests);
        timer("genie_proxy_request_duration", List.of(
                labels("operation", "start_conversation", "outcome", "allowed"),
                labels("operation", "get_message", "outcome", "allowed"),
                labels("operation", "get_message", "outcome", "error")));
        timer("genie_proxy_upstream_duration", List.of(
                labels("operation", "start_conversation", "status_class", "2xx"),
                labels("operation", "get_message", "status_class", "2xx"),
                labels("operation", "get_message", "status_class", "5xx")));
        counter("genie_proxy_questions", List.of(
                labels("operation", "start_conversation", "space", "01f0demo", "workspace", "demo"),
                labels("operation", "create_message", "space", "01f0demo", "workspace", "demo"),
                labels("operation", "start_conversation", "space", "01f0sales", "workspace", "demo")));
        timer("genie_proxy_time_to_answer", List.of(
                labels("status", "COMPLETED", "space", "01f0demo"),
                labels("status", "FAILED", "space", "01f0demo"),
                labels("status", "COMPLETED", "space", "01f0sales")));
        counter("genie_proxy_messages_terminal", List.of(
                labels("status", "COMPLETED", "space", "01f0demo"),
                labels("status", "FAILED", "space", "01f0demo"),
                labels("status", "CANCELLED", "space", "01f0demo"),
                labels("status", "COMPLETED", "space", "01f0sales")));
        gauge("genie_proxy_active_conversations", List.of(labels()), 3);
        List<Map<String, String>> decisions = new ArrayList<>();
        for (String scope : List.of("workspace", "user")) {
            for (String decision : List.of("allowed", "rejected", "queued")) {
                decisions.add(labels("scope", scope, "decision", decision));
            }
        }
        counter("genie_proxy_rate_limit_decisions", decisions);
        timer("genie_proxy_rate_limit_wait", List.of(labels()));
        counter("genie_proxy_rate_limit_fallback", List.of(labels("reason", "redis_unavailable")));
        counter("genie_proxy_cache_results", List.of(
                labels("operation", "get_message", "result", "hit"),
                labels("operation", "get_message", "result", "miss"),
                labels("operation", "list_spaces", "result", "bypass")));
        counter("genie_proxy_coalesced_polls", List.of(labels("operation", "get_message")));
        counter("genie_proxy_redactions", List.of(
                labels("category", "email", "mode", "mask"),
                labels("category", "phone", "mode", "mask"),
                labels("category", "card_number", "mode", "mask")));
        counter("genie_proxy_redaction_failures", List.of(labels("outcome", "failed")));
        counter("genie_proxy_result_rows", List.of(labels("space", "01ef9d2c3b4a5e6f7a8b9c0d1e2f3a4b")));
        counter("genie_proxy_token_exchanges", List.of(
                labels("strategy", "token-exchange", "outcome", "issued"),
                labels("strategy", "token-exchange", "outcome", "cached"),
                labels("strategy", "token-exchange", "outcome", "failed")));
        counter("genie_proxy_auth_failures", List.of(
                labels("mode", "databricks", "reason", "missing_token"),
                labels("mode", "databricks", "reason", "rejected_by_workspace")));
        gauge("genie_proxy_circuit_state", List.of(labels("workspace", "demo")), 0);
        counter("genie_proxy_upstream_retries", List.of(labels("operation", "get_message")));
        counter("genie_proxy_audit_records", List.of(labels("kind", "request"), labels("kind", "message_details")));
        counter("genie_proxy_audit_failures", List.of(labels()));
        counter("genie_proxy_terminal_claim_fallbacks", List.of(labels()));
        counter("genie_proxy_guard_rejections", List.of(labels("reason", "path_traversal")));

        List<Map<String, String>> memory = List.of(labels("area", "heap", "id", "G1 Eden Space"),
                labels("area", "heap", "id", "G1 Old Gen"), labels("area", "nonheap", "id", "Metaspace"));
        gauge("jvm_memory_used_bytes", memory, 5.0e7);
        gauge("jvm_memory_committed_bytes", memory, 8.0e7);
        gauge("process_cpu_usage", List.of(labels()), 0.12);
        gauge("system_cpu_usage", List.of(labels()), 0.3);
        gauge("jvm_threads_live_threads", List.of(labels()), 42);
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void counter(String base, List<Map<String, String>> series) {
        FAMILIES.add(new Family(base + "_total", "counter", series, 1));
    }

    private static void timer(String base, List<Map<String, String>> series) {
        FAMILIES.add(new Family(base + "_seconds", "histogram", series, 1));
    }

    private static void gauge(String name, List<Map<String, String>> series, double value) {
        FAMILIES.add(new Family(name, "gauge", series, value));
    }

    /** Every series name the exposition contains ({@code _bucket}, {@code _count}, {@code _sum} for histograms). */
    static Set<String> seriesNames() {
        Set<String> names = new TreeSet<>();
        for (Family f : FAMILIES) {
            if (f.type().equals("histogram")) {
                names.addAll(List.of(f.name() + "_bucket", f.name() + "_count", f.name() + "_sum", f.name() + "_max"));
            } else {
                names.add(f.name());
            }
        }
        return names;
    }

    /** The exposition as of the {@code scrape}-th scrape (1-based). */
    static String exposition(long scrape) {
        StringBuilder b = new StringBuilder();
        for (Family f : FAMILIES) {
            switch (f.type()) {
                case "counter" -> {
                    b.append("# TYPE ").append(f.name()).append(" counter\n");
                    int i = 1;
                    for (Map<String, String> l : f.series()) {
                        sample(b, f.name(), l, scrape * 3.0 * i++);
                    }
                }
                case "gauge" -> {
                    b.append("# TYPE ").append(f.name()).append(" gauge\n");
                    for (Map<String, String> l : f.series()) {
                        sample(b, f.name(), l, f.value());
                    }
                }
                default -> {
                    b.append("# TYPE ").append(f.name()).append(" histogram\n");
                    for (Map<String, String> l : f.series()) {
                        long count = scrape * 20;
                        for (int i = 0; i < BUCKETS.length; i++) {
                            Map<String, String> withLe = new LinkedHashMap<>(l);
                            withLe.put("le", Double.toString(BUCKETS[i]));
                            sample(b, f.name() + "_bucket", withLe, Math.floor(count * BUCKET_SHARE[i]));
                        }
                        Map<String, String> inf = new LinkedHashMap<>(l);
                        inf.put("le", "+Inf");
                        sample(b, f.name() + "_bucket", inf, count);
                        sample(b, f.name() + "_count", l, count);
                        sample(b, f.name() + "_sum", l, count * 1.7);
                    }
                    b.append("# TYPE ").append(f.name()).append("_max gauge\n");
                    for (Map<String, String> l : f.series()) {
                        sample(b, f.name() + "_max", l, 12.5);
                    }
                }
            }
        }
        return b.toString();
    }

    private static void sample(StringBuilder b, String name, Map<String, String> labels, double value) {
        b.append(name);
        if (!labels.isEmpty()) {
            b.append('{');
            String sep = "";
            for (Map.Entry<String, String> e : labels.entrySet()) {
                b.append(sep).append(e.getKey()).append("=\"").append(e.getValue()).append('"');
                sep = ",";
            }
            b.append('}');
        }
        b.append(' ').append(value).append('\n');
    }
}
