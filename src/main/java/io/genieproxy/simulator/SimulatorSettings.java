package io.genieproxy.simulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link SimulatedWorkspace} behaves. Start from {@link #defaults()} (or {@link #fromEnvironment(Map)})
 * and adjust with the {@code withX} methods. {@link #toString()} never prints a token or secret.
 *
 * @param port listen port on 127.0.0.1; 0 picks a free one (default 0)
 * @param questionsPerMinute the workspace's question budget over a rolling minute; 0 or less disables it (default 5)
 * @param stepDelay time between two message status steps; zero completes messages at once (default 400 ms)
 * @param users bearer token to user (default: the two demo tokens)
 * @param servicePrincipals principals that may use client credentials (default: one demo principal)
 * @param trustedIssuers JWT issuer to its JWKS URL; bearer JWTs and token exchange accept these (default none)
 * @param faults the initial fault injection (default none)
 * @param visualizationBytes length of the PNG download-visualization returns (default 64 KiB)
 * @param tokenLifetime lifetime of tokens issued by {@code /oidc/v1/token} (default 3600 s)
 * @param clock the time source for the lifecycle, limits and token expiry (default system UTC)
 * @param threads request-handling threads (default 32)
 * @param recordedRequestLimit how many recent requests are kept for {@link SimulatedWorkspace#recordedRequests()} (default 10,000)
 * @param orgId the workspace id sent as {@code X-Databricks-Org-Id} (default 1234567890123456)
 */
public record SimulatorSettings(
        int port,
        int questionsPerMinute,
        Duration stepDelay,
        Map<String, SimulatedUser> users,
        List<ServicePrincipal> servicePrincipals,
        Map<String, URI> trustedIssuers,
        FaultSettings faults,
        long visualizationBytes,
        Duration tokenLifetime,
        Clock clock,
        int threads,
        int recordedRequestLimit,
        String orgId) {

    /** The demo PAT of {@code demo@example.com}. */
    public static final String DEMO_TOKEN = "dapi-demo-token";
    /** The demo PAT of {@code analyst@example.com}. */
    public static final String DEMO_TOKEN_2 = "dapi-demo-token-2";
    /** Client id of the demo service principal. */
    public static final String DEMO_CLIENT_ID = "demo-sp-client-id";
    /** Client secret of the demo service principal. */
    public static final String DEMO_CLIENT_SECRET = "demo-sp-client-secret";
    /** Application id (SCIM user name) of the demo service principal. */
    public static final String DEMO_SP_APPLICATION_ID = "8c0f7d8e-6a1b-4c2d-9e3f-5a6b7c8d9e0f";

    public SimulatorSettings {
        Objects.requireNonNull(stepDelay, "stepDelay");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        if (stepDelay.isNegative()) {
            throw new IllegalArgumentException("stepDelay must not be negative");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (visualizationBytes < 64) {
            throw new IllegalArgumentException("visualizationBytes must be at least 64");
        }
        users = Map.copyOf(users);
        servicePrincipals = List.copyOf(servicePrincipals);
        trustedIssuers = Map.copyOf(trustedIssuers);
        faults = faults == null ? FaultSettings.none() : faults;
        orgId = orgId == null ? "1234567890123456" : orgId;
    }

    public static SimulatorSettings defaults() {
        Map<String, SimulatedUser> users = new LinkedHashMap<>();
        users.put(DEMO_TOKEN, new SimulatedUser("demo@example.com", "4816235087712345", "Demo User", List.of("users")));
        users.put(DEMO_TOKEN_2, new SimulatedUser("analyst@example.com", "5927346198823456", "Ana Analyst", List.of("users", "analysts")));
        List<ServicePrincipal> principals = List.of(
                new ServicePrincipal(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_SP_APPLICATION_ID, "genie-proxy demo principal"));
        return new SimulatorSettings(0, 5, Duration.ofMillis(400), users, principals, Map.of(), FaultSettings.none(),
                64 * 1024, Duration.ofHours(1), Clock.systemUTC(), 32, 10_000, null);
    }

    /**
     * The defaults, overridden by {@code GENIE_SIMULATOR_PORT}, {@code GENIE_SIMULATOR_QPM},
     * {@code GENIE_SIMULATOR_STEP_DELAY} (e.g. {@code 400ms}, {@code 2s}), {@code GENIE_SIMULATOR_LATENCY},
     * {@code GENIE_SIMULATOR_ERROR_RATE}, {@code GENIE_SIMULATOR_THROTTLE_RATE}, {@code GENIE_SIMULATOR_RESET_RATE} and
     * {@code GENIE_SIMULATOR_VISUALIZATION_BYTES}.
     * A malformed value fails with a message naming the variable.
     */
    public static SimulatorSettings fromEnvironment(Map<String, String> env) {
        SimulatorSettings s = defaults();
        s = read(env, "GENIE_SIMULATOR_PORT", s, (v, x) -> x.withPort(Integer.parseInt(v)));
        s = read(env, "GENIE_SIMULATOR_QPM", s, (v, x) -> x.withQuestionsPerMinute(Integer.parseInt(v)));
        s = read(env, "GENIE_SIMULATOR_STEP_DELAY", s, (v, x) -> x.withStepDelay(DurationText.parse(v)));
        s = read(env, "GENIE_SIMULATOR_LATENCY", s, (v, x) -> x.withFaults(x.faults().withAddedLatency(DurationText.parse(v))));
        s = read(env, "GENIE_SIMULATOR_ERROR_RATE", s, (v, x) -> x.withFaults(x.faults().withErrorRate(Double.parseDouble(v))));
        s = read(env, "GENIE_SIMULATOR_THROTTLE_RATE", s, (v, x) -> x.withFaults(x.faults().withThrottleRate(Double.parseDouble(v))));
        s = read(env, "GENIE_SIMULATOR_RESET_RATE", s, (v, x) -> x.withFaults(x.faults().withResetRate(Double.parseDouble(v))));
        return read(env, "GENIE_SIMULATOR_VISUALIZATION_BYTES", s, (v, x) -> x.withVisualizationBytes(Long.parseLong(v)));
    }

    private static SimulatorSettings read(Map<String, String> env, String variable, SimulatorSettings settings,
            java.util.function.BiFunction<String, SimulatorSettings, SimulatorSettings> apply) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return settings;
        }
        try {
            return apply.apply(value.trim(), settings);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid value for " + variable + ": " + e.getMessage(), e);
        }
    }

    public SimulatorSettings withPort(int value) {
        return new SimulatorSettings(value, questionsPerMinute, stepDelay, users, servicePrincipals, trustedIssuers, faults,
                visualizationBytes, tokenLifetime, clock, threads, recordedRequestLimit, orgId);
    }

    public SimulatorSettings withQuestionsPerMinute(int value) {
        return new SimulatorSettings(port, value, stepDelay, users, servicePrincipals, trustedIssuers, faults,
                visualizationBytes, tokenLifetime, clock, threads, recordedRequestLimit, orgId);
    }

    public SimulatorSettings withStepDelay(Duration value) {
        return new SimulatorSettings(port, questionsPerMinute, value, users, servicePrincipals, trustedIssuers, faults,
                visualizationBytes, tokenLifetime, clock, threads, recordedRequestLimit, orgId);
    }

    public SimulatorSettings withUsers(Map<String, SimulatedUser> value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, value, servicePrincipals, trustedIssuers, faults,
                visualizationBytes, tokenLifetime, clock, threads, recordedRequestLimit, orgId);
    }

    /** Adds (or replaces) one bearer token and its user, keeping the others. */
    public SimulatorSettings withUser(String token, SimulatedUser user) {
        Map<String, SimulatedUser> all = new LinkedHashMap<>(users);
        all.put(token, user);
        return withUsers(all);
    }

    public SimulatorSettings withServicePrincipals(List<ServicePrincipal> value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, users, value, trustedIssuers, faults,
                visualizationBytes, tokenLifetime, clock, threads, recordedRequestLimit, orgId);
    }

    public SimulatorSettings withTrustedIssuers(Map<String, URI> value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, users, servicePrincipals, value, faults,
                visualizationBytes, tokenLifetime, clock, threads, recordedRequestLimit, orgId);
    }

    /** Adds one trusted JWT issuer and the JWKS URL its signing keys are read from. */
    public SimulatorSettings withTrustedIssuer(String issuer, URI jwksUrl) {
        Map<String, URI> all = new LinkedHashMap<>(trustedIssuers);
        all.put(issuer, jwksUrl);
        return withTrustedIssuers(all);
    }

    public SimulatorSettings withFaults(FaultSettings value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, users, servicePrincipals, trustedIssuers, value,
                visualizationBytes, tokenLifetime, clock, threads, recordedRequestLimit, orgId);
    }

    public SimulatorSettings withVisualizationBytes(long value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, users, servicePrincipals, trustedIssuers, faults,
                value, tokenLifetime, clock, threads, recordedRequestLimit, orgId);
    }

    public SimulatorSettings withTokenLifetime(Duration value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, users, servicePrincipals, trustedIssuers, faults,
                visualizationBytes, value, clock, threads, recordedRequestLimit, orgId);
    }

    public SimulatorSettings withClock(Clock value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, users, servicePrincipals, trustedIssuers, faults,
                visualizationBytes, tokenLifetime, value, threads, recordedRequestLimit, orgId);
    }

    public SimulatorSettings withThreads(int value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, users, servicePrincipals, trustedIssuers, faults,
                visualizationBytes, tokenLifetime, clock, value, recordedRequestLimit, orgId);
    }

    public SimulatorSettings withRecordedRequestLimit(int value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, users, servicePrincipals, trustedIssuers, faults,
                visualizationBytes, tokenLifetime, clock, threads, value, orgId);
    }

    public SimulatorSettings withOrgId(String value) {
        return new SimulatorSettings(port, questionsPerMinute, stepDelay, users, servicePrincipals, trustedIssuers, faults,
                visualizationBytes, tokenLifetime, clock, threads, recordedRequestLimit, value);
    }

    @Override
    public String toString() {
        return "SimulatorSettings[port=" + port + ", questionsPerMinute=" + questionsPerMinute + ", stepDelay=" + stepDelay
                + ", users=" + users.values().stream().map(SimulatedUser::userName).toList()
                + ", servicePrincipals=" + servicePrincipals.stream().map(ServicePrincipal::applicationId).toList()
                + ", trustedIssuers=" + trustedIssuers.keySet() + ", faults=" + faults
                + ", visualizationBytes=" + visualizationBytes + ", tokenLifetime=" + tokenLifetime + "]";
    }
}
