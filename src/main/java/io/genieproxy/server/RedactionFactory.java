package io.genieproxy.server;

import io.genieproxy.redaction.JsonRedactor;
import io.genieproxy.redaction.RedactionPolicy;
import io.genieproxy.redaction.RedactionReport;
import io.genieproxy.redaction.RedactionScope;
import io.genieproxy.redaction.RedactionStage;
import io.genieproxy.telemetry.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds PII redaction: on by default with the core categories masked; {@code GENIE_REDACTION_POLICY}
 * names a policy file, validated at startup (a bad policy stops startup); {@code GENIE_REDACTION=off}
 * switches redaction off and says so at startup as a warning. The policy's {@code pseudonym-key-env} is read
 * like every other setting (the variable, or its {@code genie.*}-style property), never logged.
 */
@Factory
public class RedactionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RedactionFactory.class);

    /** The redactor, or an empty holder when redaction is off. */
    public record Redactor(JsonRedactor redactor) {
        /** Applies the policy to free text for the audit log, with no group exemption. */
        public String redactForAudit(String text, String spaceId) {
            if (redactor == null || text == null) {
                return text;
            }
            return redactor.redactText(text, new RedactionScope(spaceId, Set.of()), RedactionReport.builder());
        }
    }

    @Singleton
    Redactor redactor(GenieEnvironment env) {
        String switchValue = env.get("GENIE_REDACTION").or(() -> env.get("GENIE_REDACTION_ENABLED")).orElse("on").toLowerCase(Locale.ROOT);
        if (Set.of("off", "false", "no", "0", "disabled").contains(switchValue)) {
            LOG.warn("PII redaction is OFF (GENIE_REDACTION={}): Genie answers reach callers unredacted", switchValue);
            return new Redactor(null);
        }
        RedactionPolicy policy = env.get("GENIE_REDACTION_POLICY")
                .map(path -> RedactionPolicy.load(Path.of(path), name -> env.get(name).orElse(null)))
                .orElseGet(RedactionPolicy::defaults);
        JsonRedactor redactor = new JsonRedactor(policy);
        LOG.info("PII redaction: on ({}); full-result downloads: {}",
                env.get("GENIE_REDACTION_POLICY").map(path -> "policy " + path).orElse("built-in defaults"),
                policy.allowsDownloads(Set.of()) ? "allowed" : "withheld, except from callers exempt from ALL categories");
        warmUp(redactor);
        return new Redactor(redactor);
    }

    /** Loads the phone-number metadata in the background, so the first answer does not pay for it. */
    private static void warmUp(JsonRedactor redactor) {
        Thread warmUp = new Thread(() -> redactor.redactText("Call +44 20 7946 0958 or (212) 736-5000, mail a@example.com",
                RedactionScope.anonymous(), RedactionReport.builder()), "redaction-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    @Singleton
    RedactionStage redactionStage(Redactor redactor, MeterRegistry meters) {
        meters.counter(MetricNames.REDACTION_FAILURES, "outcome", "failed");
        return new RedactionStage(redactor.redactor(),
                report -> report.countsByCategoryAndMode().forEach((category, byMode) -> byMode.forEach((mode, count) ->
                        meters.counter(MetricNames.REDACTIONS, "category", category.toLowerCase(Locale.ROOT), "mode", mode).increment(count))),
                () -> meters.counter(MetricNames.REDACTION_FAILURES, "outcome", "failed").increment());
    }
}
