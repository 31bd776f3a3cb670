package io.genieproxy.telemetry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Telemetry options ({@code genie.telemetry.*}).
 *
 * @param callerAttribute how the caller appears on spans: {@code plain} (user name), {@code hashed}
 *                        (default: SHA-256 prefix of the user name), or {@code omitted}
 */
@ConfigurationProperties("genie.telemetry")
public record TelemetrySettings(@Bindable(defaultValue = "hashed") String callerAttribute) {
}
