package io.genieproxy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Brings the whole docker-compose stack up (building the proxy image) and waits until the proxy is
 * healthy and Grafana has loaded the provisioned dashboards. Skipped where no Docker engine runs.
 */
class ComposeStackContainerTest {

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void stackStartsWithAHealthyProxyAndProvisionedGrafana() throws Exception {
        assumeTrue(dockerAvailable(), "no Docker engine available; skipping the compose stack test");
        boolean localCompose = localComposeAvailable();
        try (ComposeContainer stack = new ComposeContainer(OpsFiles.repoRoot().resolve("docker-compose.yml").toFile())
                .withLocalCompose(localCompose)
                .withBuild(true)
                .withRemoveVolumes(true)
                .withExposedService("proxy", 8080,
                        Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(10)))
                .withExposedService("grafana", 3000,
                        Wait.forHttp("/api/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)))) {
            stack.start();
            HttpClient http = HttpClient.newHttpClient();

            URI proxy = URI.create("http://" + stack.getServiceHost("proxy", 8080) + ":" + stack.getServicePort("proxy", 8080));
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(proxy.resolve("/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "proxy /prometheus exposes no JVM metrics");

            URI grafana = URI.create("http://" + stack.getServiceHost("grafana", 3000) + ":" + stack.getServicePort("grafana", 3000));
            HttpResponse<String> search = http.send(HttpRequest.newBuilder(grafana.resolve("/api/search?tag=genie-proxy")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, search.statusCode(), "anonymous viewer must be able to search dashboards");
            for (String uid : new String[] {"genie-proxy-overview", "genie-proxy-genie", "genie-proxy-security"}) {
                assertTrue(search.body().contains("\"uid\":\"" + uid + "\""), "Grafana did not provision " + uid + ": " + search.body());
            }
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean localComposeAvailable() {
        try {
            Process p = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
