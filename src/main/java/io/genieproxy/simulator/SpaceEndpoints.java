package io.genieproxy.simulator;

import io.genieproxy.genie.GenieRoute;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Genie space endpoints: list, create, get, update (with etag check) and trash. */
final class SpaceEndpoints {
    private final SpaceCatalog spaces;
    private final GenieIds ids;
    private final Clock clock;

    SpaceEndpoints(SpaceCatalog spaces, GenieIds ids, Clock clock) {
        this.spaces = spaces;
        this.ids = ids;
        this.clock = clock;
    }

    SimulatorResponse list(SimulatorRequest request) {
        Pagination.Page<SimulatedSpace> page = Pagination.page(spaces.live(), request, 100, 100);
        List<Object> items = page.items().stream().map(s -> (Object) s.toJson(false)).toList();
        return SimulatorResponse.ok(JsonObject.create().with("spaces", items).with("next_page_token", page.nextPageToken()));
    }

    SimulatorResponse create(SimulatorRequest request) {
        Map<String, Object> body = request.jsonBody();
        String warehouseId = SimulatorRequest.requiredString(body, "warehouse_id");
        String serialized = SimulatorRequest.requiredString(body, "serialized_space");
        String title = SimulatorRequest.optionalString(body, "title");
        SimulatedSpace space = new SimulatedSpace(ids.next(), title == null ? "New space" : title,
                SimulatorRequest.optionalString(body, "description"), warehouseId,
                SimulatorRequest.optionalString(body, "parent_path"), serialized, clock.instant(), List.of());
        spaces.add(space);
        return SimulatorResponse.ok(space.toJson(false));
    }

    SimulatorResponse get(GenieRoute route, SimulatorRequest request) {
        return SimulatorResponse.ok(spaces.get(route.spaceId()).toJson(request.queryFlag("include_serialized_space")));
    }

    SimulatorResponse update(GenieRoute route, SimulatorRequest request) {
        SimulatedSpace space = spaces.get(route.spaceId());
        Map<String, Object> body = request.jsonBody();
        space.update(SimulatorRequest.optionalString(body, "etag"), SimulatorRequest.optionalString(body, "title"),
                SimulatorRequest.optionalString(body, "description"), SimulatorRequest.optionalString(body, "warehouse_id"),
                SimulatorRequest.optionalString(body, "parent_path"), SimulatorRequest.optionalString(body, "serialized_space"),
                clock.instant());
        return SimulatorResponse.ok(space.toJson(false));
    }

    SimulatorResponse trash(GenieRoute route) {
        spaces.get(route.spaceId()).trash();
        return SimulatorResponse.empty();
    }
}
