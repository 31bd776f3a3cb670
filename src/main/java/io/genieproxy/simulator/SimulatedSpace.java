package io.genieproxy.simulator;

import java.time.Instant;
import java.util.List;

/** One Genie space: its editable metadata, an etag that changes on every update, and its benchmark questions. */
final class SimulatedSpace {
    /** A benchmark question eval runs are scored on. */
    record BenchmarkQuestion(String id, String question) {
    }

    private final String spaceId;
    private final List<BenchmarkQuestion> benchmarks;
    private final Instant createTime;
    private String title;
    private String description;
    private String warehouseId;
    private String parentPath;
    private String serializedSpace;
    private Instant updateTime;
    private int version = 1;
    private boolean trashed;

    SimulatedSpace(String spaceId, String title, String description, String warehouseId, String parentPath,
            String serializedSpace, Instant createTime, List<BenchmarkQuestion> benchmarks) {
        this.spaceId = spaceId;
        this.title = title;
        this.description = description;
        this.warehouseId = warehouseId;
        this.parentPath = parentPath;
        this.serializedSpace = serializedSpace;
        this.createTime = createTime;
        this.updateTime = createTime;
        this.benchmarks = List.copyOf(benchmarks);
    }

    String spaceId() {
        return spaceId;
    }

    List<BenchmarkQuestion> benchmarks() {
        return benchmarks;
    }

    synchronized boolean isTrashed() {
        return trashed;
    }

    synchronized void trash() {
        trashed = true;
    }

    synchronized String etag() {
        return Integer.toHexString((spaceId + ":" + version).hashCode() & 0x7fffffff) + "-" + version;
    }

    /** Applies a PATCH; a stale etag is 409 and changes nothing. */
    synchronized void update(String expectedEtag, String newTitle, String newDescription, String newWarehouseId,
            String newParentPath, String newSerializedSpace, Instant now) {
        if (expectedEtag != null && !expectedEtag.equals(etag())) {
            throw new WorkspaceError(409, "RESOURCE_CONFLICT", "The space was modified since etag " + expectedEtag + " was read.");
        }
        title = newTitle == null ? title : newTitle;
        description = newDescription == null ? description : newDescription;
        warehouseId = newWarehouseId == null ? warehouseId : newWarehouseId;
        parentPath = newParentPath == null ? parentPath : newParentPath;
        serializedSpace = newSerializedSpace == null ? serializedSpace : newSerializedSpace;
        updateTime = now;
        version++;
    }

    synchronized JsonObject toJson(boolean includeSerializedSpace) {
        return JsonObject.create()
                .with("space_id", spaceId)
                .with("title", title)
                .with("description", description)
                .with("warehouse_id", warehouseId)
                .with("parent_path", parentPath)
                .with("etag", etag())
                .with("serialized_space", includeSerializedSpace ? serializedSpace : null)
                .with("create_time", createTime.toString())
                .with("update_time", updateTime.toString());
    }
}
