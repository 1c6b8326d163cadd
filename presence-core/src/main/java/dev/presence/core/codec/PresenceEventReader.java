package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.ReadResult.Accepted;
import dev.presence.core.codec.ReadResult.Refused;
import dev.presence.schema.Visibility;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.ReadResult.Accepted;
import dev.presence.core.codec.ReadResult.Refused;

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

    public ReadResult<PresenceEvent> read(byte[] key, byte[] value) {
        ReadResult<PresenceEvent> decoded = InputDecoding.decode(value, PresenceEvent.class, PresenceEventReader::fromJson);
        if (decoded instanceof Accepted<PresenceEvent> accepted) {
            if (key == null) {
                return InputDecoding.missingKey();
            }
            return validate(accepted.value(), key);
        }
        return decoded;
    }

    /** Checks an event built elsewhere (the REST API) by the same rules; {@code key} null skips the key rule. */
    public ReadResult<PresenceEvent> validate(PresenceEvent event, byte[] key) {
        // Avro input: a symbol of a later version (or UNKNOWN sent as such) reads as the default.
        if (event.getType() == null || EnumFallback.isFallback(event.getType())) {
            return new Refused<>(ErrorCode.UNKNOWN_TYPE, "unknown type " + event.getType() + ": one of "
                    + EnumFallback.known(EventType.class) + " is needed");
        }
        if (EnumFallback.isFallback(event.getPlatform())) {
            return new Refused<>(ErrorCode.INVALID_FIELD, "platform must be one of " + EnumFallback.known(Platform.class)
                    + ", got a platform this engine does not know");
        }
        String problem = JsonFields.idProblem("userId", event.getUserId());
        if (problem != null) {
            return new Refused<>(event.getUserId() == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD, problem);
        }
        if (key != null) {
            ReadResult<PresenceEvent> keyProblem = InputDecoding.keyProblem(key, event.getUserId());
            if (keyProblem != null) {
                return keyProblem;
            }
        }
        EventType type = event.getType();
        if (type == EventType.LOGIN || type == EventType.HEARTBEAT || type == EventType.LOGOUT
                || type == EventType.DISCONNECT || type == EventType.SESSION_TIMED_OUT) {
            ReadResult<PresenceEvent> refused = requireId("clientId", event.getClientId());
            if (refused != null) {
                return refused;
            }
        }
        if (type != EventType.LOGOUT && type != EventType.SET_CUSTOM_STATUS && type != EventType.SET_VISIBILITY
                && type != EventType.CUSTOM_STATUS_EXPIRED) {
            ReadResult<PresenceEvent> refused = requireId("sessionId", event.getSessionId());
            if (refused != null) {
                return refused;
            }
        }
        if (type == EventType.LOGIN && event.getPlatform() == null) {
            return new Refused<>(ErrorCode.MISSING_FIELD, "LOGIN requires platform");
        }
        if (type == EventType.SESSION_TIMED_OUT && event.getLastHeartbeatAt() == null) {
            return new Refused<>(ErrorCode.MISSING_FIELD, "SESSION_TIMED_OUT requires lastHeartbeatAt");
        }
        if (type == EventType.SET_VISIBILITY) {
            if (event.getVisibility() == null) {
                return new Refused<>(ErrorCode.MISSING_FIELD, "SET_VISIBILITY requires visibility");
            }
            if (EnumFallback.isFallback(event.getVisibility())) {
                return new Refused<>(ErrorCode.UNKNOWN_VISIBILITY, "visibility must be one of "
                        + EnumFallback.known(Visibility.class) + ", got one this engine does not know");
            }
        }
        for (Optional<String> badTime : List.of(EventTime.problem("occurredAt", event.getOccurredAt()),
                EventTime.problem("lastHeartbeatAt", event.getLastHeartbeatAt()),
                EventTime.problem("expiresAt", event.getExpiresAt()))) {
            if (badTime.isPresent()) {
                return new Refused<>(ErrorCode.INVALID_FIELD, badTime.get());
            }
        }
        Optional<String> badExpiry = CustomStatusExpiry.shapeProblem(event);
        if (badExpiry.isPresent()) {
            return new Refused<>(type == EventType.CUSTOM_STATUS_EXPIRED ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_EXPIRY,
                    badExpiry.get());
        }
        if (event.getEventId() != null) {
            problem = JsonFields.idProblem("eventId", event.getEventId());
            if (problem != null) {
                return new Refused<>(ErrorCode.INVALID_FIELD, problem);
            }
        }
        if (type == EventType.SET_CUSTOM_STATUS && event.getCustomStatus() != null) {
            int bytes = JsonFields.utf8Length(event.getCustomStatus());
            if (bytes > customStatusMaxBytes) {
                return new Refused<>(ErrorCode.CUSTOM_STATUS_TOO_LONG, "customStatus is " + bytes
                        + " UTF-8 bytes, the limit is " + customStatusMaxBytes);
            }
        }
        return new Accepted<>(event);
    }

    /** Builds an event from its JSON object; used for Kafka records and for the REST API's bodies. */
    public static ReadResult<PresenceEvent> fromJson(JsonNode node) {
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return new Refused<>(ErrorCode.UNKNOWN_TYPE, "type is missing");
        }
        EventType type = JsonFields.enumValue(EventType.class, typeNode);
        if (type == null) {
            return new Refused<>(ErrorCode.UNKNOWN_TYPE, "unknown type " + JsonFields.printable(typeNode));
        }
        // Every field is read and checked before the record is built: the generated builder throws on a
        // null required field, and an exception here would stop the stream thread.
        String userId;
        PresenceEvent.Builder event = PresenceEvent.newBuilder().setType(type);
        try {
            userId = JsonFields.text(node, "userId");
            event.setClientId(JsonFields.text(node, "clientId"));
            event.setSessionId(JsonFields.text(node, "sessionId"));
            event.setCustomStatus(JsonFields.text(node, "customStatus"));
            event.setEventId(JsonFields.text(node, "eventId"));
            event.setLastHeartbeatAt(JsonFields.epochMillis(node, "lastHeartbeatAt"));
            event.setOccurredAt(JsonFields.epochMillis(node, "occurredAt"));
            event.setExpiresAt(JsonFields.epochMillis(node, "expiresAt"));
            event.setTtlSeconds(wholeNumber(node, "ttlSeconds"));
            JsonNode visibility = node.get("visibility");
            if (visibility != null && !visibility.isNull()) {
                Visibility value = JsonFields.enumValue(Visibility.class, visibility);
                if (value == null) {
                    return new Refused<>(ErrorCode.UNKNOWN_VISIBILITY, "visibility must be one of "
                            + EnumFallback.known(Visibility.class) + ", got " + JsonFields.printable(visibility));
                }
                event.setVisibility(value);
            }
            JsonNode platform = node.get("platform");
            if (platform != null && !platform.isNull()) {
                Platform value = JsonFields.enumValue(Platform.class, platform);
                if (value == null) {
                    return new Refused<>(ErrorCode.INVALID_FIELD, "platform must be one of "
                            + EnumFallback.known(Platform.class) + ", got " + JsonFields.printable(platform));
                }
                event.setPlatform(value);
            }
        } catch (IllegalArgumentException e) {
            return new Refused<>(ErrorCode.INVALID_FIELD, String.valueOf(e.getMessage()));
        }
        if (userId == null) {
            return new Refused<>(ErrorCode.MISSING_FIELD, "userId is missing");
        }
        return new Accepted<>(event.setUserId(userId).build());
    }

    /** True when the field names are all event fields: lets the REST API refuse typos instead of ignoring them. */
    public static boolean isEventField(String name) {
        return EVENT_FIELDS.contains(name);
    }

    /** A count such as ttlSeconds: a whole number, else the field is of the wrong form. */
    private static @Nullable Long wholeNumber(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return value.longValue();
    }

    private static @Nullable ReadResult<PresenceEvent> requireId(String field, @Nullable String value) {

        if (value == null) {
            return new Refused<>(ErrorCode.MISSING_FIELD, field + " is missing");
        }
        String problem = JsonFields.idProblem(field, value);
        return problem == null ? null : new Refused<>(ErrorCode.INVALID_FIELD, problem);
    }

}
