package io.genieproxy.simulator;

import java.util.List;
import java.util.Objects;

/**
 * A workspace principal as SCIM and Genie see it: {@code userName} (an email, or an application id
 * for a service principal), the numeric SCIM {@code id} as a digit string, a display name and groups.
 */
public record SimulatedUser(String userName, String id, String displayName, List<String> groups) {
    public SimulatedUser {
        Objects.requireNonNull(userName, "userName");
        if (id == null || id.isEmpty() || !id.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("id must be a non-empty digit string");
        }
        displayName = displayName == null ? userName : displayName;
        groups = List.copyOf(groups == null ? List.of() : groups);
    }

    /** A user whose SCIM id is derived from the user name, so the same name always has the same id. */
    public static SimulatedUser named(String userName, List<String> groups) {
        long id = 1_000_000_000_000_000L + Math.floorMod((long) userName.hashCode() * 2_654_435_761L, 8_000_000_000_000_000L);
        return new SimulatedUser(userName, Long.toString(id), displayNameOf(userName), groups);
    }

    /** The {@code user_id} number Genie puts in conversations and messages. */
    public long numericId() {
        return Long.parseLong(id);
    }

    public boolean isMemberOf(String group) {
        return groups.contains(group);
    }

    private static String displayNameOf(String userName) {
        int at = userName.indexOf('@');
        String local = at > 0 ? userName.substring(0, at) : userName;
        StringBuilder name = new StringBuilder();
        for (String part : local.split("[._-]")) {
            if (!part.isEmpty()) {
                name.append(name.length() == 0 ? "" : " ").append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.length() == 0 ? userName : name.toString();
    }
}
