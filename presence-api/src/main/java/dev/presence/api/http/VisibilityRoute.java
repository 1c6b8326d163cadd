package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.Visibility;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.JsonFields;
import dev.presence.core.codec.PresenceEventReader;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * {@code PUT /v1/users/{userId}/visibility} {@code {"visibility":"INVISIBLE"|"VISIBLE"}}: writes a
 * SET_VISIBILITY event (202, like any write). Accepted in any status: it is a choice that outlives
 * logins. Invisible, the user is OFFLINE, without custom status or clients, to everyone else.
 */
final class VisibilityRoute {

    private static final String FIELD = "visibility";

    private final PresenceEventReader reader;
    private final RecordPublisher publisher;
    private final Clock clock;

    VisibilityRoute(PresenceEventReader reader, RecordPublisher publisher, Clock clock) {
        this.reader = reader;
        this.publisher = publisher;
        this.clock = clock;
    }

    void put(Context ctx) {
        String userId = JsonBodies.userId(ctx);
        CallerAccess.requireActFor(ctx, userId);
        Visibility visibility = visibility(JsonBodies.readObject(ctx));
        PresenceEvent event = EventsRoute.requireAccepted(reader.validate(PresenceEvent.newBuilder()
                .setType(EventType.SET_VISIBILITY)
                .setUserId(userId)
                .setVisibility(visibility)
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.millis())
                .build()), "");
        publisher.publish(List.of(event));
        ctx.status(HttpStatus.ACCEPTED).json(JsonNodeFactory.instance.objectNode()
                .put("userId", userId)
                .put(FIELD, visibility.name())
                .put("eventId", event.getEventId()));
    }

    private static Visibility visibility(JsonNode body) {
        JsonBodies.requireKnownFields(body, FIELD::equals, ErrorCode.BAD_REQUEST, "");
        JsonNode value = body.get(FIELD);
        if (value == null || value.isNull()) {
            throw new ApiError(ErrorCode.MISSING_FIELD, "visibility is missing: VISIBLE or INVISIBLE");
        }
        return JsonFields.enumValue(Visibility.class, value).orElseThrow(() -> new ApiError(ErrorCode.UNKNOWN_VISIBILITY,
                "visibility must be VISIBLE or INVISIBLE, got " + JsonFields.printable(value)));
    }
}
