package dev.presence.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.schema.Status;

/** How many users the engine has seen are ONLINE, OFFLINE and UNLOGINED (logged out). */
public record Occupancy(long online, long offline, long unlogined) {

    public static final Occupancy NONE = new Occupancy(0, 0, 0);

    public Occupancy plus(Occupancy other) {
        return new Occupancy(online + other.online, offline + other.offline, unlogined + other.unlogined);
    }

    public long of(Status status) {
        return switch (status) {
            case ONLINE -> online;
            case OFFLINE -> offline;
            case UNLOGINED -> unlogined;
            default -> 0;
        };
    }

    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("online", online).put("offline", offline)
                .put("unlogined", unlogined);
    }

    static Occupancy fromJson(JsonNode json) {
        return new Occupancy(json.path("online").asLong(), json.path("offline").asLong(), json.path("unlogined").asLong());
    }
}
