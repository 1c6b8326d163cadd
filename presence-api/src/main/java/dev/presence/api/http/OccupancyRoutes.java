package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.query.OccupancyQueries;
import dev.presence.schema.OccupancyCount;
import dev.presence.core.ErrorCode;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/occupancy}: how many users the engine has seen are ONLINE, OFFLINE and UNLOGINED
 * (UNLOGINED: logged out), over every instance. Any caller may ask: the numbers name no one. And its
 * peer endpoint, which sums the partitions a peer asks about from this instance's stores.
 */
final class OccupancyRoutes {

    /** More partitions than any engine has: a longer list is not a peer's. */
    private static final int MAX_PARTITIONS = 10_000;

    private final OccupancyQueries occupancy;

    OccupancyRoutes(OccupancyQueries occupancy) {
        this.occupancy = occupancy;
    }

    void total(Context ctx) {
        ctx.json(json(occupancy.total()));
    }

    void peerPartitions(Context ctx) {
        JsonNode partitions = JsonBodies.readObject(ctx).get("partitions");
        if (partitions == null || !partitions.isArray() || partitions.size() > MAX_PARTITIONS) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "partitions must be an array of at most " + MAX_PARTITIONS + " partitions");
        }
        List<Integer> owned = new ArrayList<>(partitions.size());
        for (JsonNode partition : partitions) {
            if (!partition.canConvertToInt() || !partition.isIntegralNumber()) {
                throw new ApiError(ErrorCode.BAD_REQUEST, "partitions must hold whole numbers");
            }
            owned.add(partition.intValue());
        }
        try {
            ctx.json(json(occupancy.local(owned)));
        } catch (IllegalArgumentException e) {
            throw new ApiError(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    static ObjectNode json(OccupancyCount count) {
        return JsonNodeFactory.instance.objectNode()
                .put("online", count.getOnline())
                .put("offline", count.getOffline())
                .put("unlogined", count.getUnlogined());
    }
}
