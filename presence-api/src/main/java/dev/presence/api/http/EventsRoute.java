package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;
import dev.presence.streams.ErrorCode;
import dev.presence.streams.codec.ReadResult;
import dev.presence.streams.codec.PresenceEventReader;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/events}: one JSON event or an array, for producers that speak HTTP rather than
 * Kafka. Every event is checked by the same rules as a Kafka record before any is written: if one
 * is refused, none is written, and the answer names its index and the reason.
 */
final class EventsRoute {

    private final PresenceEventReader reader;
    private final RecordPublisher publisher;

    EventsRoute(PresenceEventReader reader, RecordPublisher publisher) {
        this.reader = reader;
        this.publisher = publisher;
    }

    /** Admin only: a user's client reports its presence through its gateway, not by writing events itself. */
    void publish(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        JsonNode body = JsonBodies.read(ctx);
        List<JsonNode> items = items(body);
        List<PresenceEvent> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            events.add(accept(i, items.get(i)));
        }
        List<RecordMetadata> written = publisher.publish(events);
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("accepted", written.size());
        ArrayNode positions = answer.putArray("events");
        for (int i = 0; i < written.size(); i++) {
            positions.addObject()
                    .put("index", i)
                    .put("userId", events.get(i).getUserId())
                    .put("partition", written.get(i).partition())
                    .put("offset", written.get(i).offset());
        }
        ctx.status(HttpStatus.ACCEPTED).json(answer);
    }

    /** Turns a refusal of the event reader into the API error with the same code. */
    static <T> T requireAccepted(ReadResult<T> result, String context) {
        if (result instanceof ReadResult.Refused<T> refused) {
            throw new ApiError(refused.code(), context + refused.reason());
        }
        return ((ReadResult.Accepted<T>) result).value();
    }

    private static List<JsonNode> items(JsonNode body) {
        if (body.isObject()) {
            return List.of(body);
        }
        if (!body.isArray()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "the body must be one event object or an array of them");
        }
        if (body.isEmpty()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "the array holds no events");
        }
        List<JsonNode> items = new ArrayList<>(body.size());
        body.forEach(items::add);
        return items;
    }

    private PresenceEvent accept(int index, JsonNode item) {
        String context = "event " + index + ": ";
        if (!item.isObject()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, context + "must be a JSON object");
        }
        JsonBodies.requireKnownFields(item, PresenceEventReader::isEventField, ErrorCode.INVALID_FIELD, context);
        PresenceEvent event = requireAccepted(PresenceEventReader.fromJson(item), context);
        if (event.getType() == EventType.SESSION_TIMED_OUT || event.getType() == EventType.CUSTOM_STATUS_EXPIRED) {
            throw new ApiError(ErrorCode.ENGINE_ONLY_EVENT, context + event.getType() + " is written by the engine only");
        }
        return requireAccepted(reader.validate(event, null), context);
    }
}
