package io.genieproxy.e2e.observability;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Calls the ops harness {@code io.genieproxy.ops.DashboardQueriesPrometheusTest.assertEveryPanelReturnsData}
 * from this package. The harness class and its {@code DashboardQueries.Query} are package-private, so the
 * call goes through reflection; {@code mayBeEmpty} sees each query as its record text
 * ({@code Query[dashboard=..., panelTitle=..., expr=...]}).
 */
final class Dashboards {
    static final Path DIR = Path.of("grafana", "dashboards");

    private Dashboards() {
    }

    static void assertEveryPanelReturnsData(URI metricsTarget, Predicate<String> mayBeEmpty) {
        try {
            Class<?> harness = Class.forName("io.genieproxy.ops.DashboardQueriesPrometheusTest");
            Method method = harness.getDeclaredMethod("assertEveryPanelReturnsData", URI.class, Path.class, Predicate.class);
            method.setAccessible(true);
            Predicate<Object> byText = query -> mayBeEmpty.test(String.valueOf(query));
            method.invoke(null, metricsTarget, DIR, byText);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the ops dashboard harness moved: " + e, e);
        }
    }
}
