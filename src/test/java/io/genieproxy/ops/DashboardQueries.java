package io.genieproxy.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads Grafana dashboards and their PromQL: every panel target and every query variable, with
 * Grafana's variables replaced so that the expression runs as is against Prometheus.
 */
final class DashboardQueries {
    private DashboardQueries() {
    }

    /** One query a dashboard runs; {@code panelId} is -1 for a template variable. */
    record Query(String dashboard, int panelId, String panelTitle, String refId, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panelTitle + " (panel " + panelId + ", " + refId + "): " + expr;
        }
    }

    /** Strict: duplicate keys and trailing tokens are errors. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What Grafana's built-in interval variables stand for when a query is run outside Grafana. */
    static final String RATE_INTERVAL = "1m";

    static List<Path> dashboardFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Every panel, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                out.add(nested);
            }
        }
        return out;
    }

    /** Every PromQL query of every dashboard in {@code dir}, variables substituted. */
    static List<Query> queries(Path dir) {
        List<Query> out = new ArrayList<>();
        for (Path file : dashboardFiles(dir)) {
            out.addAll(queries(file.getFileName().toString(), read(file)));
        }
        return out;
    }

    static List<Query> queries(String name, JsonNode dashboard) {
        List<Query> out = new ArrayList<>();
        Set<String> variables = variableNames(dashboard);
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    out.add(new Query(name, panel.path("id").asInt(), panel.path("title").asText(),
                            target.path("refId").asText(), substitute(expr, variables)));
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode q = variable.path("query");
            String raw = q.isTextual() ? q.asText() : q.path("query").asText("");
            String expr = variableQueryAsPromQL(raw);
            if (expr != null) {
                out.add(new Query(name, -1, "variable $" + variable.path("name").asText(), "var",
                        substitute(expr, variables)));
            }
        }
        return out;
    }

    static Set<String> variableNames(JsonNode dashboard) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            names.add(variable.path("name").asText());
        }
        return names;
    }

    /** Replaces Grafana's interval variables and the dashboard's own variables (as "match all"). */
    static String substitute(String expr, Set<String> variables) {
        String out = expr.replace("$__rate_interval", RATE_INTERVAL)
                .replace("${__rate_interval}", RATE_INTERVAL)
                .replace("$__interval", "15s")
                .replace("$__range", "5m");
        for (String v : variables) {
            out = out.replace("${" + v + "}", ".*").replaceAll("\\$" + Pattern.quote(v) + "\\b", ".*");
        }
        if (out.contains("$")) {
            throw new AssertionError("unresolved Grafana variable in: " + expr);
        }
        return out;
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_]\\w*)\\s*\\)\\s*$");
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$");

    /** The PromQL behind a variable query ({@code label_values(selector, label)}), or null if it has none. */
    static String variableQueryAsPromQL(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        if (m.matches()) {
            return m.group(1).trim();
        }
        m = QUERY_RESULT.matcher(query);
        return m.matches() ? m.group(1).trim() : null;
    }

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2", "start", "end");

    /** Metric names a PromQL expression selects (function names, keywords and labels excluded). */
    static Set<String> metricNames(String promql) {
        String s = STRING.matcher(promql).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll("{}");
        s = RANGE.matcher(s).replaceAll("");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group(1);
            boolean isFunction = m.group(2) != null;
            if (!isFunction && !KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
                names.add(id);
            }
        }
        return names;
    }

    /** Label names an expression matches on or aggregates by. */
    static Set<String> labelNames(String promql) {
        String s = STRING.matcher(promql).replaceAll("\"\"");
        Set<String> labels = new LinkedHashSet<>();
        Matcher m = MATCHERS.matcher(s);
        while (m.find()) {
            for (String matcher : m.group(1).split(",")) {
                Matcher name = Pattern.compile("^\\s*([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)").matcher(matcher);
                if (name.find()) {
                    labels.add(name.group(1));
                }
            }
        }
        Matcher g = GROUPING.matcher(s);
        while (g.find()) {
            for (String label : g.group(2).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        return labels;
    }
}
