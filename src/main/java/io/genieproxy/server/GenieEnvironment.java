package io.genieproxy.server;

import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a contract setting by its environment-variable name ({@code GENIE_AUTH_JWKS_URL}) from
 * wherever Micronaut found it: the variable itself, a system property, or application.properties under the
 * matching {@code genie.*} key in any dot/kebab spelling ({@code genie.auth.jwks-url}).
 */
@Singleton
public class GenieEnvironment {
    private final Environment environment;

    public GenieEnvironment(Environment environment) {
        this.environment = environment;
    }

    /** The value of one setting, trimmed; empty when unset or blank. */
    public Optional<String> get(String envName) {
        for (String key : propertyKeys(envName)) {
            Optional<String> value = environment.getProperty(key, String.class);
            if (value.isPresent() && !value.get().isBlank() && !value.get().startsWith("{")) {
                return Optional.of(value.get().trim());
            }
        }
        return Optional.empty();
    }

    /** The values of several settings, keyed by environment-variable name (unset ones left out). */
    public Map<String, String> asMap(List<String> envNames) {
        Map<String, String> values = new HashMap<>();
        for (String name : envNames) {
            get(name).ifPresent(v -> values.put(name, v));
        }
        return values;
    }

    /** Every dot/kebab spelling of an environment variable name as a property key. */
    static List<String> propertyKeys(String envName) {
        String[] parts = envName.toLowerCase(Locale.ROOT).split("_");
        List<String> keys = new ArrayList<>();
        int joins = parts.length - 1;
        for (int mask = 0; mask < (1 << joins); mask++) {
            StringBuilder key = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                key.append((mask & (1 << (i - 1))) != 0 ? '-' : '.').append(parts[i]);
            }
            keys.add(key.toString());
        }
        return keys;
    }
}
