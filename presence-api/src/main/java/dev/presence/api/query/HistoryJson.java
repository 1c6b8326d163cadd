package dev.presence.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.schema.Status;
import dev.presence.schema.Visibility;
import dev.presence.streams.history.HistoryInterval;

import java.util.List;

/** History intervals as JSON, the same between instances and towards callers. */
public final class HistoryJson {

    private HistoryJson() {
    }

    /**
     * {@code {"status","customStatus","from","to"}}, with {@code "visibility":"INVISIBLE"} on a hidden
     * stretch when {@code withVisibility} (the user itself, the admin, a peer); never for anyone else,
     * who gets the intervals as they see them.
     */
    public static ArrayNode intervals(List<HistoryInterval> intervals, boolean withVisibility) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (HistoryInterval interval : intervals) {
            ObjectNode json = array.addObject()
                    .put("status", interval.status().name())
                    .put("customStatus", interval.customStatus())
                    .put("from", interval.from())
                    .put("to", interval.to());
            if (withVisibility && interval.visibility() == Visibility.INVISIBLE) {
                json.put("visibility", Visibility.INVISIBLE.name());
            }
        }
        return array;
    }

    /** One interval as {@link #intervals} writes it with visibility. @throws IllegalArgumentException when malformed */
    static HistoryInterval interval(JsonNode node) {
        if (!node.path("status").isTextual() || !node.path("from").canConvertToLong() || !node.path("to").canConvertToLong()) {
            throw new IllegalArgumentException("status, from and to are required");
        }
        JsonNode custom = node.path("customStatus");
        return new HistoryInterval(Status.valueOf(node.path("status").textValue()),
                custom.isTextual() ? custom.textValue() : null,
                "INVISIBLE".equals(node.path("visibility").asText()) ? Visibility.INVISIBLE : Visibility.VISIBLE,
                node.path("from").longValue(), node.path("to").longValue());
    }
}
