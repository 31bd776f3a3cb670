package io.genieproxy.redaction;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What to redact and how, loaded from the operator's policy file ({@code GENIE_REDACTION_POLICY}) and
 * validated strictly: an unknown key, category, mode or group entry, or a keyed mode without a key,
 * refuses the whole file with a message naming the key (fail closed).
 *
 * <p>File format (YAML or JSON; every key optional, see {@code policy-sample.yaml}):
 * <pre>
 * pseudonym-key-env: GENIE_REDACTION_KEY   # env var holding the HMAC key (≥ 32 chars) for pseudonym/format-preserving
 * pseudonym-key: "..."                     # or the key itself (discouraged); never printed
 * defaults:                                # applies to every space
 *   mode: mask                             # mask | partial | pseudonym | drop | format-preserving (default mask)
 *   enable: [US_ITIN, ABA_ROUTING]         # optional categories to add to the core ones
 *   disable: [IP_ADDRESS]                  # core categories to turn off
 *   category-modes: {PAYMENT_CARD: partial}
 *   columns: {email: pseudonym, ssn: drop} # query-result column (case-insensitive) → mode for the whole cell
 *   redact-sql-literals: true              # redact string literals inside generated SQL (default true)
 * spaces:                                  # per-space overrides, same keys as defaults, merged over them
 *   01ef9d2c3b4a5e6f: {enable: [UK_NINO], columns: {nino: drop}}
 * exempt-groups:                           # caller group → categories it sees raw; ALL for everything
 *                                          # (column rules are lifted only by ALL)
 *   pii-readers: [ALL]
 *   support: [EMAIL, PHONE]
 * downloads: deny                          # deny (default) | allow: full-result downloads and any other answer
 *                                          # carrying external_links (presigned links to unredacted data); callers
 *                                          # exempt from ALL may download either way
 * </pre>
 * Category names accept any case and dashes for underscores ({@code payment-card}).
 */
public final class RedactionPolicy {
    /** Environment variable conventionally holding the pseudonym key. */
    public static final String DEFAULT_KEY_ENV = "GENIE_REDACTION_KEY";
    private static final int MIN_KEY_LENGTH = 32;
    private static final Set<String> TOP_KEYS = Set.of("version", "pseudonym-key", "pseudonym-key-env", "defaults", "spaces", "exempt-groups",
            "downloads");
    private static final Set<String> RULE_KEYS = Set.of("mode", "enable", "disable", "category-modes", "columns", "redact-sql-literals");

    /** The rules that apply to one space, after merging its overrides over the defaults. */
    record Rules(Set<PiiCategory> enabled, RedactionMode defaultMode, Map<PiiCategory, RedactionMode> categoryModes,
                 Map<String, RedactionMode> columnModes, boolean redactSqlLiterals) {

        RedactionMode modeFor(PiiCategory category) {
            return categoryModes.getOrDefault(category, defaultMode);
        }
    }

    private static final Rules BUILT_IN = new Rules(coreCategories(), RedactionMode.MASK, Map.of(), Map.of(), true);

    private final Rules defaults;
    private final Map<String, Rules> spaces;
    private final Map<String, Set<PiiCategory>> exemptGroups;
    private final byte[] key;
    private final boolean downloadsAllowed;

    private RedactionPolicy(Rules defaults, Map<String, Rules> spaces, Map<String, Set<PiiCategory>> exemptGroups, byte[] key,
                            boolean downloadsAllowed) {
        this.defaults = defaults;
        this.spaces = Map.copyOf(spaces);
        this.exemptGroups = Map.copyOf(exemptGroups);
        this.key = key;
        this.downloadsAllowed = downloadsAllowed;
    }

    /** Core categories on, every value masked, SQL literals redacted, nobody exempt, no key, downloads denied. */
    public static RedactionPolicy defaults() {
        return new RedactionPolicy(BUILT_IN, Map.of(), Map.of(), null, false);
    }

    /** Reads and validates a YAML ({@code .yaml}/{@code .yml}) or JSON policy file; the key env var is read from the process environment. */
    public static RedactionPolicy load(Path file) {
        return load(file, System::getenv);
    }

    public static RedactionPolicy load(Path file, Function<String, String> environment) {
        return fromTree(PolicyFileReader.read(file), environment);
    }

    /**
     * Validates an already-parsed policy tree (maps, lists, strings, booleans as a YAML or JSON parser produces them).
     *
     * @throws InvalidRedactionPolicyException naming the first bad key
     */
    public static RedactionPolicy fromTree(Map<?, ?> tree, Function<String, String> environment) {
        Map<String, Object> root = asMap(tree, "(root)");
        checkKeys(root, TOP_KEYS, "");
        List<String> keyedModesAt = new ArrayList<>();
        Rules defaults = root.containsKey("defaults")
                ? rules(asMap(root.get("defaults"), "defaults"), BUILT_IN, "defaults", keyedModesAt) : BUILT_IN;
        Map<String, Rules> spaces = new LinkedHashMap<>();
        if (root.containsKey("spaces")) {
            asMap(root.get("spaces"), "spaces").forEach((spaceId, override) ->
                    spaces.put(spaceId, rules(asMap(override, "spaces." + spaceId), defaults, "spaces." + spaceId, keyedModesAt)));
        }
        Map<String, Set<PiiCategory>> exempt = new LinkedHashMap<>();
        if (root.containsKey("exempt-groups")) {
            asMap(root.get("exempt-groups"), "exempt-groups").forEach((group, categories) ->
                    exempt.put(group, categories(categories, "exempt-groups." + group, true)));
        }
        byte[] key = key(root, environment, keyedModesAt);
        return new RedactionPolicy(defaults, spaces, exempt, key, downloads(root.get("downloads")));
    }

    private static boolean downloads(Object value) {
        if (value == null) {
            return false;
        }
        return switch (asString(value, "downloads").toLowerCase(Locale.ROOT)) {
            case "allow" -> true;
            case "deny" -> false;
            default -> throw new InvalidRedactionPolicyException("downloads: unknown value '" + value + "' (expected allow or deny)");
        };
    }

    private static byte[] key(Map<String, Object> root, Function<String, String> environment, List<String> keyedModesAt) {
        String literal = root.containsKey("pseudonym-key") ? asString(root.get("pseudonym-key"), "pseudonym-key") : null;
        String envName = root.containsKey("pseudonym-key-env") ? asString(root.get("pseudonym-key-env"), "pseudonym-key-env") : null;
        if (literal != null && envName != null) {
            throw new InvalidRedactionPolicyException("set pseudonym-key or pseudonym-key-env, not both");
        }
        String value = literal;
        String source = "pseudonym-key";
        if (envName != null) {
            value = environment.apply(envName);
            source = "pseudonym-key-env (environment variable " + envName + ")";
            if (value == null && !keyedModesAt.isEmpty()) {
                throw new InvalidRedactionPolicyException("pseudonym-key-env: environment variable " + envName
                        + " is not set, and mode " + keyedModesAt.get(0) + " needs a key");
            }
        }
        if (value == null) {
            if (!keyedModesAt.isEmpty()) {
                throw new InvalidRedactionPolicyException(keyedModesAt.get(0)
                        + " needs a key: set pseudonym-key-env to an environment variable holding at least " + MIN_KEY_LENGTH + " characters");
            }
            return null;
        }
        if (value.length() < MIN_KEY_LENGTH) {
            throw new InvalidRedactionPolicyException(source + ": the key must be at least " + MIN_KEY_LENGTH + " characters");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static Rules rules(Map<String, Object> map, Rules base, String at, List<String> keyedModesAt) {
        checkKeys(map, RULE_KEYS, at + ".");
        EnumSet<PiiCategory> enabled = EnumSet.noneOf(PiiCategory.class);
        enabled.addAll(base.enabled());
        if (map.containsKey("enable")) {
            enabled.addAll(categories(map.get("enable"), at + ".enable", false));
        }
        if (map.containsKey("disable")) {
            enabled.removeAll(categories(map.get("disable"), at + ".disable", false));
        }
        RedactionMode defaultMode = base.defaultMode();
        if (map.containsKey("mode")) {
            defaultMode = mode(map.get("mode"), at + ".mode", keyedModesAt);
        }
        Map<PiiCategory, RedactionMode> categoryModes = new EnumMap<>(PiiCategory.class);
        categoryModes.putAll(base.categoryModes());
        if (map.containsKey("category-modes")) {
            asMap(map.get("category-modes"), at + ".category-modes").forEach((name, mode) -> {
                String where = at + ".category-modes." + name;
                categoryModes.put(category(name, where), mode(mode, where, keyedModesAt));
            });
        }
        Map<String, RedactionMode> columnModes = new LinkedHashMap<>(base.columnModes());
        if (map.containsKey("columns")) {
            asMap(map.get("columns"), at + ".columns").forEach((column, mode) ->
                    columnModes.put(column.toLowerCase(Locale.ROOT), mode(mode, at + ".columns." + column, keyedModesAt)));
        }
        boolean sql = base.redactSqlLiterals();
        if (map.containsKey("redact-sql-literals")) {
            Object value = map.get("redact-sql-literals");
            if (!(value instanceof Boolean b)) {
                throw new InvalidRedactionPolicyException(at + ".redact-sql-literals: expected true or false");
            }
            sql = b;
        }
        return new Rules(Set.copyOf(enabled), defaultMode, Map.copyOf(categoryModes), Map.copyOf(columnModes), sql);
    }

    private static RedactionMode mode(Object value, String at, List<String> keyedModesAt) {
        RedactionMode mode = value instanceof String s ? RedactionMode.fromPolicyName(s) : null;
        if (mode == null) {
            throw new InvalidRedactionPolicyException(at + ": unknown mode '" + value + "' (expected one of " + RedactionMode.policyNames() + ")");
        }
        if (mode.needsKey()) {
            keyedModesAt.add("'" + mode.policyName() + "' at " + at);
        }
        return mode;
    }

    private static Set<PiiCategory> categories(Object value, String at, boolean allowAll) {
        if (!(value instanceof Collection<?> list)) {
            throw new InvalidRedactionPolicyException(at + ": expected a list of categories");
        }
        EnumSet<PiiCategory> set = EnumSet.noneOf(PiiCategory.class);
        for (Object item : list) {
            if (allowAll && item instanceof String s && s.equalsIgnoreCase("ALL")) {
                set.addAll(EnumSet.allOf(PiiCategory.class));
            } else {
                set.add(category(item, at));
            }
        }
        return set;
    }

    private static PiiCategory category(Object name, String at) {
        if (name instanceof String s) {
            String normalized = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (PiiCategory category : PiiCategory.values()) {
                if (category.name().equals(normalized)) {
                    return category;
                }
            }
        }
        throw new InvalidRedactionPolicyException(at + ": unknown category '" + name + "' (expected one of "
                + java.util.Arrays.toString(PiiCategory.values()) + ")");
    }

    private static void checkKeys(Map<String, Object> map, Set<String> known, String prefix) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidRedactionPolicyException("unknown key '" + prefix + key + "' (expected one of "
                        + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String at) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidRedactionPolicyException(at + ": expected a mapping");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private static String asString(Object value, String at) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidRedactionPolicyException(at + ": expected a non-empty string");
        }
        return s;
    }

    private static Set<PiiCategory> coreCategories() {
        EnumSet<PiiCategory> core = EnumSet.noneOf(PiiCategory.class);
        for (PiiCategory category : PiiCategory.values()) {
            if (category.isCore()) {
                core.add(category);
            }
        }
        return Set.copyOf(core);
    }

    /** The rules for a space: its overrides if it has any, else the defaults. */
    Rules rulesFor(String spaceId) {
        return spaceId == null ? defaults : spaces.getOrDefault(spaceId, defaults);
    }

    /** Categories the caller's groups may see raw. */
    Set<PiiCategory> exemptionsFor(Set<String> callerGroups) {
        EnumSet<PiiCategory> exempt = EnumSet.noneOf(PiiCategory.class);
        for (String group : callerGroups) {
            Set<PiiCategory> categories = exemptGroups.get(group);
            if (categories != null) {
                exempt.addAll(categories);
            }
        }
        return exempt;
    }

    byte[] key() {
        return key;
    }

    /**
     * Whether this caller may be handed links to unredacted data (a full-result download, {@code external_links}):
     * when the policy allows downloads, or when the caller's groups are exempt from every category, so the caller
     * would see every value raw anyway.
     */
    public boolean allowsDownloads(Set<String> callerGroups) {
        return downloadsAllowed || exemptionsFor(callerGroups).size() == PiiCategory.values().length;
    }

    /** Never includes the key. */
    @Override
    public String toString() {
        return "RedactionPolicy{defaults=" + defaults + ", spaces=" + spaces.keySet() + ", exemptGroups=" + exemptGroups.keySet()
                + ", key=" + (key == null ? "none" : "set") + ", downloads=" + (downloadsAllowed ? "allow" : "deny") + "}";
    }
}
