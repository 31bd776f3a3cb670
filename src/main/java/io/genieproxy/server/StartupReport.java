package io.genieproxy.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.genieproxy.audit.AuditStage;
import io.genieproxy.pipeline.ProxyPipeline;
import io.genieproxy.upstream.Workspace;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at startup which mode the proxy runs in, where it forwards, and which stages are active, never a secret; then
 * starts what can wait until the server answers: the JDK's TLS defaults and the return of idle heap.
 */
@Singleton
public class StartupReport implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    private final Workspace workspace;
    private final ProxyPipeline pipeline;
    private final GenieEnvironment env;
    private final AuditStage audit;

    public StartupReport(Workspace workspace, ProxyPipeline pipeline, GenieEnvironment env, AuditStage audit) {
        this.workspace = workspace;
        this.pipeline = pipeline;
        this.env = env;
        this.audit = audit;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (workspace.demo()) {
            LOG.info("Mode: demo. No GENIE_UPSTREAM_URL is set, so the embedded simulated workspace at {} is the upstream "
                    + "(demo users demo@example.com and analyst@example.com; their demo tokens are in the README)", workspace.origin());
        } else {
            LOG.info("Mode: proxy. Upstream workspace: {}", workspace.origin());
        }
        LOG.info("Inbound auth: {}; upstream auth: {}; rate limits: {}; audit: {}; stages: {}",
                env.get("GENIE_AUTH_MODE").orElse("databricks"), env.get("GENIE_UPSTREAM_AUTH").orElse("passthrough"),
                env.get("GENIE_REDIS_URL").isPresent() ? "shared through Redis" : "per process",
                audit.describe(), pipeline.activeStages());
        LOG.info("genie-proxy listening on {}", event.getSource().getURL());
        warmUpTlsDefaults();
        // After the server is up, so the management bean's loading is off the path to the first answer.
        List<String> memory = IdleMemoryReturn.apply(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
        if (!memory.isEmpty()) {
            LOG.info("Memory: unused heap goes back to the OS when idle ({})", String.join(", ", memory));
        }
    }

    /**
     * Loads the JDK's default TLS context (its trust store is parsed once, a few hundred milliseconds of CPU) on
     * another thread once the server is up: the clients that call the workspace or an identity provider are built
     * on a first request and then find it ready, and the start itself does not share its cores with this work.
     */
    private static void warmUpTlsDefaults() {
        Thread warmUp = new Thread(() -> {
            try {
                SSLContext.getDefault().getDefaultSSLParameters();
            } catch (NoSuchAlgorithmException e) {
                // the client that needs TLS reports it when it is built
            }
        }, "tls-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }
}
