package io.genieproxy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.genieproxy.telemetry.MetricNames;
import org.junit.jupiter.api.Test;

/** The dashboards query only metrics the proxy registers (MetricNames) or Micrometer's JVM/process binders. */
class DashboardMetricNamesTest {

    /** Standard Micrometer JVM/process meters the dashboards may use, by their Prometheus names. */
    static final Set<String> JVM_METRICS = Set.of(
            "jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_max_bytes",
            "process_cpu_usage", "system_cpu_usage", "jvm_threads_live_threads",
            "process_uptime_seconds", "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum");

    /** Labels the proxy's meters carry (MetricNames Javadoc), plus histogram {@code le} and JVM {@code area}/{@code id}. */
    static final Set<String> LABELS = Set.of("operation", "outcome", "status_class", "space", "workspace", "status",
            "category", "mode", "strategy", "reason", "result", "decision", "scope", "kind", "le", "area", "id");

    static final List<String> SUFFIXES = List.of("", "_total", "_seconds", "_seconds_bucket", "_seconds_count",
            "_seconds_sum", "_seconds_max");

    /** Micrometer name (a MetricNames constant) to Prometheus base name: dots become underscores. */
    static Map<String, String> metricConstants() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : MetricNames.class.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == String.class) {
                try {
                    out.put(f.getName(), ((String) f.get(null)).replace('.', '_'));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }

    /** Every Prometheus series name a MetricNames constant can produce. */
    static Set<String> derivedNames() {
        Set<String> names = new HashSet<>();
        for (String base : metricConstants().values()) {
            for (String suffix : SUFFIXES) {
                names.add(base + suffix);
            }
        }
        return names;
    }

    /** Every metric name used by any dashboard query (panels and variables). */
    static Set<String> usedMetricNames(Path dir) {
        Set<String> used = new TreeSet<>();
        for (DashboardQueries.Query q : DashboardQueries.queries(dir)) {
            used.addAll(DashboardQueries.metricNames(q.expr()));
        }
        return used;
    }

    @Test
    void readsTheMetricNameConstantsByReflection() {
        Map<String, String> constants = metricConstants();
        assertTrue(constants.size() >= 20, "MetricNames constants: " + constants);
        assertEquals("genie_proxy_requests", constants.get("REQUESTS"));
    }

    @Test
    void everyDashboardMetricIsDerivedFromMetricNamesOrIsAJvmMetric() {
        Set<String> allowed = derivedNames();
        List<String> unknown = new ArrayList<>();
        for (DashboardQueries.Query q : DashboardQueries.queries(OpsFiles.dashboardsDir())) {
            Set<String> names = DashboardQueries.metricNames(q.expr());
            assertFalse(names.isEmpty(), "query selects no metric: " + q);
            for (String name : names) {
                if (!allowed.contains(name) && !JVM_METRICS.contains(name)) {
                    unknown.add(name + " in " + q);
                }
            }
        }
        assertTrue(unknown.isEmpty(), "metrics not derived from MetricNames:\n" + String.join("\n", unknown));
    }

    @Test
    void everyMetricNameConstantIsOnSomeDashboard() {
        Set<String> used = usedMetricNames(OpsFiles.dashboardsDir());
        List<String> unused = new ArrayList<>();
        metricConstants().forEach((constant, base) -> {
            if (SUFFIXES.stream().noneMatch(s -> used.contains(base + s))) {
                unused.add(constant + " (" + base + ")");
            }
        });
        assertTrue(unused.isEmpty(), "MetricNames constants no dashboard shows: " + unused);
    }

    @Test
    void queriesUseOnlyTheBoundedLabels() {
        List<String> bad = new ArrayList<>();
        for (DashboardQueries.Query q : DashboardQueries.queries(OpsFiles.dashboardsDir())) {
            for (String label : DashboardQueries.labelNames(q.expr())) {
                if (!LABELS.contains(label)) {
                    bad.add(label + " in " + q);
                }
            }
        }
        assertTrue(bad.isEmpty(), "unexpected labels:\n" + String.join("\n", bad));
    }

    @Test
    void theThreeDashboardsExistAndAreValidJsonWithUniquePanelIdsAndUids() {
        Path dir = OpsFiles.dashboardsDir();
        Set<String> files = new TreeSet<>();
        DashboardQueries.dashboardFiles(dir).forEach(p -> files.add(p.getFileName().toString()));
        assertTrue(files.containsAll(Set.of("genie-proxy-overview.json", "genie-proxy-genie.json",
                "genie-proxy-security.json")), "dashboards: " + files);
        Set<String> uids = new HashSet<>();
        for (Path file : DashboardQueries.dashboardFiles(dir)) {
            JsonNode dashboard = DashboardQueries.read(file);
            String uid = dashboard.path("uid").asText("");
            assertFalse(uid.isBlank(), file + " has no uid");
            assertTrue(uids.add(uid), "duplicate dashboard uid " + uid);
            assertFalse(dashboard.path("title").asText("").isBlank(), file + " has no title");
            Set<Integer> ids = new LinkedHashSet<>();
            for (JsonNode panel : DashboardQueries.panels(dashboard)) {
                assertTrue(panel.path("id").isInt(), file + ": panel without id: " + panel.path("title"));
                if (!ids.add(panel.path("id").asInt())) {
                    fail(file + ": duplicate panel id " + panel.path("id").asInt());
                }
            }
            assertTrue(ids.size() > 5, file + " has only " + ids.size() + " panels");
        }
    }

    @Test
    void everyPanelAndTargetUsesTheProvisionedPrometheusUid() {
        for (Path file : DashboardQueries.dashboardFiles(OpsFiles.dashboardsDir())) {
            JsonNode dashboard = DashboardQueries.read(file);
            assertFalse(file.toString().isEmpty());
            for (JsonNode panel : DashboardQueries.panels(dashboard)) {
                if ("row".equals(panel.path("type").asText())) {
                    continue;
                }
                String where = file.getFileName() + " / " + panel.path("title").asText();
                assertEquals("prometheus", panel.path("datasource").path("uid").asText(), where);
                assertTrue(panel.path("targets").size() > 0, where + " has no targets");
                for (JsonNode target : panel.path("targets")) {
                    assertEquals("prometheus", target.path("datasource").path("uid").asText(), where);
                    assertFalse(target.path("expr").asText("").isBlank(), where + " has an empty expr");
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                assertEquals("prometheus", variable.path("datasource").path("uid").asText(),
                        file.getFileName() + " variable " + variable.path("name"));
            }
        }
    }

    @Test
    void metricNameExtractionIgnoresFunctionsLabelsAndStrings() {
        assertEquals(Set.of("genie_proxy_requests_total"), DashboardQueries.metricNames(
                "sum by (status_class) (rate(genie_proxy_requests_total{operation=~\"get_message|x\"}[1m]))"
                        + " / ignoring (status_class) group_left sum(rate(genie_proxy_requests_total[1m]))"));
        assertEquals(Set.of("a_seconds_bucket", "b"), DashboardQueries.metricNames(
                "histogram_quantile(0.95, sum by (le) (rate(a_seconds_bucket[5m]))) or vector(0) and on (x) b"));
        assertEquals(Set.of("status_class", "operation", "le"), DashboardQueries.labelNames(
                "sum by (le) (rate(m{status_class=\"5xx\", operation!~\"a,b\"}[1m]))"));
    }
}
