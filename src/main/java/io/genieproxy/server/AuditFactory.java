package io.genieproxy.server;

import io.genieproxy.audit.AuditLog;
import io.genieproxy.audit.AuditSettings;
import io.genieproxy.audit.AuditStage;
import io.genieproxy.audit.MessageDetailsAuditRecord;
import io.genieproxy.audit.RequestAuditRecord;
import io.genieproxy.telemetry.MetricNames;
import io.genieproxy.upstream.Workspace;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Opens the hash-chained audit log ({@code GENIE_AUDIT_FILE}, default {@code audit/genie-audit.jsonl}).
 * Defaults: sync mode (a record is fsynced before its response completes), fail-closed (503 when the
 * log cannot be written), rotation at 100 MiB and daily; {@code GENIE_AUDIT_HMAC_KEY} keys the chain.
 */
@Factory
public class AuditFactory {

    @Singleton
    @Bean(preDestroy = "close")
    AuditLog auditLog(GenieEnvironment env, MeterRegistry meters) {
        Path file = Path.of(env.get("GENIE_AUDIT_FILE").orElse("audit/genie-audit.jsonl"));
        AuditSettings settings = AuditSettings.of(file)
                .withMode(AuditSettings.Mode.named(env.get("GENIE_AUDIT_MODE").orElse("sync")))
                .withRotateBytes(Long.parseLong(env.get("GENIE_AUDIT_ROTATE_BYTES").orElse("104857600")))
                .withRotateDaily(Boolean.parseBoolean(env.get("GENIE_AUDIT_ROTATE_DAILY").orElse("true")));
        var key = env.get("GENIE_AUDIT_HMAC_KEY");
        if (key.isPresent()) {
            settings = settings.withHmacKey(key.get().getBytes(StandardCharsets.UTF_8));
        }
        try {
            AuditLog log = AuditLog.open(settings);
            for (String kind : List.of(RequestAuditRecord.KIND, MessageDetailsAuditRecord.KIND)) {
                FunctionCounter.builder(MetricNames.AUDIT_RECORDS, log, l -> l.recordsWritten(kind))
                        .description("Audit records written").tag("kind", kind).register(meters);
            }
            FunctionCounter.builder(MetricNames.AUDIT_FAILURES, log, l -> l.health().writeFailures())
                    .description("Audit records that could not be written").register(meters);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("GENIE_AUDIT_FILE could not be opened for appending", e);
        }
    }

    @Singleton
    AuditStage auditStage(AuditLog log, GenieEnvironment env, Workspace workspace, RedactionFactory.Redactor redactor) {
        boolean failClosed = !env.get("GENIE_AUDIT_FAIL_CLOSED").orElse("true").equalsIgnoreCase("false");
        return new AuditStage(log, failClosed, workspace.label(), Clock.systemUTC(), redactor::redactForAudit);
    }
}
