package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import dev.presence.core.Outcome.Accepted;
import dev.presence.schema.Visibility;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one record of {@code presence.events}: Avro single-object encoding or a JSON object with the
 * same field names, told apart by the first bytes, then checks every rule a record must meet on its own
 * (known type, required fields, id lengths, custom status length, key equal to userId).
 * Rules that need the user's state (custom status only while ONLINE) are the fold's.
 */
public final class PresenceEventReader {

    private static final Set<String> EVENT_FIELDS = Set.of("type", "userId", "clientId", "sessionId", "platform",
            "customStatus", "lastHeartbeatAt", "eventId", "occurredAt", "expiresAt", "ttlSeconds", "visibility");

    private final int customStatusMaxBytes;

    public PresenceEventReader(int customStatusMaxBytes) {
        this.customStatusMaxBytes = customStatusMaxBytes;
    }

    public Outcome<PresenceEvent> read(byte @Nullable [] key, byte @Nullable [] value) {
        Outcome<PresenceEvent> decoded = InputDecoding.decode(value, PresenceEvent.class, PresenceEventReader::fromJson);
        if (decoded instanceof Accepted<PresenceEvent> accepted) {
            if (key == null) {
                return InputDecoding.missingKey();
            }
            return validate(accepted.value(), key);
        }
        return decoded;
    }

    /** Checks an event read from {@code presence.events} by every rule, its key equal to its userId among them. */
    public Outcome<PresenceEvent> validate(PresenceEvent event, byte[] key) {
        return typeOrUserRefusal(event)
                .or(() -> InputDecoding.keyRefusal(key, event.getUserId()))
                .orElseGet(() -> checkFields(event));
    }

    /** Checks an event built elsewhere (the REST API, which has no record key) by the same rules. */
    public Outcome<PresenceEvent> validate(PresenceEvent event) {
        return typeOrUserRefusal(event).orElseGet(() -> checkFields(event));
    }

    /** The rules checked before the key: a known type and platform, a valid userId. */
    private static Optional<Outcome<PresenceEvent>> typeOrUserRefusal(PresenceEvent event) {
        // Avro input: a symbol of a later version (or UNKNOWN sent as such) reads as the default.
        if (event.getType() == null || EnumFallback.isFallback(event.getType())) {
            return Optional.of(Outcome.refused(ErrorCode.UNKNOWN_TYPE, "unknown type " + event.getType() + ": one of "
                    + EnumFallback.known(EventType.class) + " is needed"));
        }
        if (EnumFallback.isFallback(event.getPlatform())) {
            return Optional.of(Outcome.refused(ErrorCode.INVALID_FIELD, "platform must be one of "
                    + EnumFallback.known(Platform.class) + ", got a platform this engine does not know"));
        }
        return JsonFields.idProblem("userId", event.getUserId()).map(problem -> Outcome.refused(
                event.getUserId() == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD, problem));
    }

    /** The rules checked after the key: what each type requires, ids, times, expiry, custom status length. */
    private Outcome<PresenceEvent> checkFields(PresenceEvent event) {
        EventType type = event.getType();
        if (type == EventType.LOGIN || type == EventType.HEARTBEAT || type == EventType.LOGOUT
                || type == EventType.DISCONNECT || type == EventType.SESSION_TIMED_OUT) {
            Optional<Outcome<PresenceEvent>> refused = idRefusal("clientId", event.getClientId());
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        if (type != EventType.LOGOUT && type != EventType.SET_CUSTOM_STATUS && type != EventType.SET_VISIBILITY
                && type != EventType.CUSTOM_STATUS_EXPIRED) {
            Optional<Outcome<PresenceEvent>> refused = idRefusal("sessionId", event.getSessionId());
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        if (type == EventType.LOGIN && event.getPlatform() == null) {
            return Outcome.refused(ErrorCode.MISSING_FIELD, "LOGIN requires platform");
        }
        if (type == EventType.SESSION_TIMED_OUT && event.getLastHeartbeatAt() == null) {
            return Outcome.refused(ErrorCode.MISSING_FIELD, "SESSION_TIMED_OUT requires lastHeartbeatAt");
        }
        if (type == EventType.SET_VISIBILITY) {
            if (event.getVisibility() == null) {
                return Outcome.refused(ErrorCode.MISSING_FIELD, "SET_VISIBILITY requires visibility");
            }
            if (EnumFallback.isFallback(event.getVisibility())) {
                return Outcome.refused(ErrorCode.UNKNOWN_VISIBILITY, "visibility must be one of "
                        + EnumFallback.known(Visibility.class) + ", got one this engine does not know");
            }
        }
        for (Optional<String> badTime : List.of(EventTime.problem("occurredAt", event.getOccurredAt()),
                EventTime.problem("lastHeartbeatAt", event.getLastHeartbeatAt()),
                EventTime.problem("expiresAt", event.getExpiresAt()))) {
            if (badTime.isPresent()) {
                return Outcome.refused(ErrorCode.INVALID_FIELD, badTime.get());
            }
        }
        Optional<String> badExpiry = CustomStatusExpiry.shapeProblem(event);
        if (badExpiry.isPresent()) {
            return Outcome.refused(type == EventType.CUSTOM_STATUS_EXPIRED ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_EXPIRY,
                    badExpiry.get());
        }
        if (event.getEventId() != null) {
            Optional<String> badEventId = JsonFields.idProblem("eventId", event.getEventId());
            if (badEventId.isPresent()) {
                return Outcome.refused(ErrorCode.INVALID_FIELD, badEventId.get());
            }
        }
        if (type == EventType.SET_CUSTOM_STATUS && event.getCustomStatus() != null) {
            int bytes = JsonFields.utf8Length(event.getCustomStatus());
            if (bytes > customStatusMaxBytes) {
                return Outcome.refused(ErrorCode.CUSTOM_STATUS_TOO_LONG, "customStatus is " + bytes
                        + " UTF-8 bytes, the limit is " + customStatusMaxBytes);
            }
        }
        return Outcome.accepted(event);
    }

    /** Builds an event from its JSON object; used for Kafka records and for the REST API's bodies. */
    public static Outcome<PresenceEvent> fromJson(JsonNode node) {
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return Outcome.refused(ErrorCode.UNKNOWN_TYPE, "type is missing");
        }
        Optional<EventType> type = JsonFields.enumValue(EventType.class, typeNode);
        if (type.isEmpty()) {
            return Outcome.refused(ErrorCode.UNKNOWN_TYPE, "unknown type " + JsonFields.printable(typeNode));
        }
        // Every field is read and checked before the record is built: the generated builder throws on a
        // null required field, and an exception here would stop the stream thread. It takes null for an
        // absent optional field.
        Optional<String> userId;
        PresenceEvent.Builder event = PresenceEvent.newBuilder().setType(type.get());
        try {
            userId = JsonFields.text(node, "userId");
            event.setClientId(JsonFields.text(node, "clientId").orElse(null));
            event.setSessionId(JsonFields.text(node, "sessionId").orElse(null));
            event.setCustomStatus(JsonFields.text(node, "customStatus").orElse(null));
            event.setEventId(JsonFields.text(node, "eventId").orElse(null));
            event.setLastHeartbeatAt(JsonFields.epochMillis(node, "lastHeartbeatAt").orElse(null));
            event.setOccurredAt(JsonFields.epochMillis(node, "occurredAt").orElse(null));
            event.setExpiresAt(JsonFields.epochMillis(node, "expiresAt").orElse(null));
            event.setTtlSeconds(JsonFields.wholeNumber(node, "ttlSeconds").orElse(null));
            JsonNode visibility = node.get("visibility");
            if (visibility != null && !visibility.isNull()) {
                Optional<Visibility> value = JsonFields.enumValue(Visibility.class, visibility);
                if (value.isEmpty()) {
                    return Outcome.refused(ErrorCode.UNKNOWN_VISIBILITY, "visibility must be one of "
                            + EnumFallback.known(Visibility.class) + ", got " + JsonFields.printable(visibility));
                }
                event.setVisibility(value.get());
            }
            JsonNode platform = node.get("platform");
            if (platform != null && !platform.isNull()) {
                Optional<Platform> value = JsonFields.enumValue(Platform.class, platform);
                if (value.isEmpty()) {
                    return Outcome.refused(ErrorCode.INVALID_FIELD, "platform must be one of "
                            + EnumFallback.known(Platform.class) + ", got " + JsonFields.printable(platform));
                }
                event.setPlatform(value.get());
            }
        } catch (IllegalArgumentException e) {
            return Outcome.refused(ErrorCode.INVALID_FIELD, String.valueOf(e.getMessage()));
        }
        if (userId.isEmpty()) {
            return Outcome.refused(ErrorCode.MISSING_FIELD, "userId is missing");
        }
        return Outcome.accepted(event.setUserId(userId.get()).build());
    }

    /** True when the field names are all event fields: lets the REST API refuse typos instead of ignoring them. */
    public static boolean isEventField(String name) {
        return EVENT_FIELDS.contains(name);
    }

    /** The refusal of a required id that is missing or malformed; empty when it is a valid id. */
    private static Optional<Outcome<PresenceEvent>> idRefusal(String field, @Nullable String value) {
        if (value == null) {
            return Optional.of(Outcome.refused(ErrorCode.MISSING_FIELD, field + " is missing"));
        }
        return JsonFields.idProblem(field, value).map(problem -> Outcome.refused(ErrorCode.INVALID_FIELD, problem));
    }

}
