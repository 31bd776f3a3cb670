package io.genieproxy.e2e.observability;

import io.genieproxy.simulator.Customer;
import io.genieproxy.simulator.SampleDataset;
import io.genieproxy.testing.ProxyHarness;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Values that must never leave the proxy in telemetry or audit: the demo tokens and every PII value of the
 * simulator's dataset that the redaction policy detects (emails, phones, cards, SSNs, IBANs, note PII). Person
 * names are not a detected category, so they are not listed.
 */
final class SampleSecrets {
    private static final Set<String> PII = collect();

    private SampleSecrets() {
    }

    private static Set<String> collect() {
        Set<String> values = new HashSet<>();
        for (Customer c : SampleDataset.standard().customers()) {
            values.add(c.email());
            values.add(c.phone());
            values.add(c.cardNumber());
            values.add(c.ssn());
            values.add(c.iban());
            values.addAll(c.notePii());
        }
        return Set.copyOf(values);
    }

    /** The secrets (tokens, PII values) found in {@code text}; empty when none. */
    static List<String> foundIn(String text) {
        List<String> found = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        for (String token : List.of(ProxyHarness.DEMO_TOKEN, ProxyHarness.DEMO_TOKEN_2)) {
            if (text.contains(token)) {
                found.add("token " + token.substring(0, 5) + "...");
            }
        }
        for (String value : PII) {
            if (value.length() >= 6 && text.contains(value)) {
                found.add("PII value of length " + value.length() + " at index " + text.indexOf(value));
            }
        }
        return found;
    }

    /** The dataset's PII values that appear in {@code text}, verbatim (test output only). */
    static List<String> piiValuesIn(String text) {
        return PII.stream().filter(v -> v.length() >= 6 && text.contains(v)).toList();
    }
}
