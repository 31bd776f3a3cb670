package io.genieproxy.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The workspace's Genie spaces, seeded with the two deterministic demo spaces, in creation order. */
final class SpaceCatalog {
    private static final Instant SEEDED_AT = Instant.parse("2025-01-15T09:30:00Z");

    private final Map<String, SimulatedSpace> spaces = new LinkedHashMap<>();

    SpaceCatalog() {
        add(new SimulatedSpace(SimulatedWorkspace.CUSTOMER_SALES_SPACE_ID, "Customer Sales",
                "Customers, orders and payments. Contains personal data (emails, phones, cards, SSNs, IBANs).",
                "a1b2c3d4e5f60718", "/Workspace/Shared/genie", serialized("main.sales.customer_orders"), SEEDED_AT,
                List.of(new SimulatedSpace.BenchmarkQuestion("01f0b0000000000000000000000000a1", "Top 10 customers by order amount"),
                        new SimulatedSpace.BenchmarkQuestion("01f0b0000000000000000000000000a2", "Orders created last week"),
                        new SimulatedSpace.BenchmarkQuestion("01f0b0000000000000000000000000a3", "Customers with a German IBAN"))));
        add(new SimulatedSpace(SimulatedWorkspace.OPS_METRICS_SPACE_ID, "Ops Metrics",
                "Support and operations metrics over the customer_orders table.",
                "a1b2c3d4e5f60719", "/Workspace/Shared/genie", serialized("main.ops.customer_orders"), SEEDED_AT.plusSeconds(3600),
                List.of(new SimulatedSpace.BenchmarkQuestion("01f0b0000000000000000000000000b1", "Tickets opened per day"),
                        new SimulatedSpace.BenchmarkQuestion("01f0b0000000000000000000000000b2", "Crash reports by app version"))));
    }

    private static String serialized(String table) {
        return "{\"version\":1,\"data_sources\":{\"tables\":[{\"identifier\":\"" + table + "\"}]}}";
    }

    synchronized void add(SimulatedSpace space) {
        spaces.put(space.spaceId(), space);
    }

    /** A live space, or 404 for an unknown or trashed one. */
    synchronized SimulatedSpace get(String spaceId) {
        SimulatedSpace space = spaces.get(spaceId);
        if (space == null || space.isTrashed()) {
            throw WorkspaceError.notFound("Space", spaceId);
        }
        return space;
    }

    synchronized List<SimulatedSpace> live() {
        List<SimulatedSpace> live = new ArrayList<>();
        for (SimulatedSpace space : spaces.values()) {
            if (!space.isTrashed()) {
                live.add(space);
            }
        }
        return live;
    }
}
