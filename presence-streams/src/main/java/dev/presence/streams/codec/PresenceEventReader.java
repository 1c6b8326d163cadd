package dev.presence.streams.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.streams.ErrorCode;
import dev.presence.streams.codec.EventReadResult.Accepted;
import dev.presence.streams.codec.EventReadResult.Refused;
import org.apache.avro.message.MissingSchemaException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads one record of {@code presence.events}: Avro single-object encoding or the JSON of SPEC
 * section 3, told apart by the first bytes, then checks every rule a record must meet on its own
 * (known type, required fields, id lengths, custom status length, key equal to userId).
 * Rules that need the user's state (custom status only while ONLINE) are the fold's.
 */
public final class PresenceEventReader {

    /** userId, clientId, sessionId and eventId: 1 to 128 UTF-8 bytes, no control characters. */
    public static final int MAX_ID_BYTES = 128;

    private static final Set<String> EVENT_FIELDS = Set.of("type", "userId", "clientId", "sessionId", "platform",
            "customStatus", "lastHeartbeatAt", "eventId", "occurredAt");

    private final int customStatusMaxBytes;

    public PresenceEventReader(int customStatusMaxBytes) {
        this.customStatusMaxBytes = customStatusMaxBytes;
    }

    public EventReadResult read(byte[] key, byte[] value) {
        if (value == null || value.length == 0) {
            return new Refused(ErrorCode.UNREADABLE_RECORD, "the record has no value");
        }
        EventReadResult parsed = AvroCodec.looksLikeAvro(value) ? readAvro(value) : readJson(value);
        if (parsed instanceof Accepted accepted) {
            if (key == null) {
                return new Refused(ErrorCode.KEY_MISMATCH, "the record has no key; the key must be the userId");
            }
            return validate(accepted.event(), key);
        }
        return parsed;
    }

    /** Checks an event built elsewhere (the REST API) by the same rules; {@code key} null skips the key rule. */
    public EventReadResult validate(PresenceEvent event, byte[] key) {
        String problem = idProblem("userId", event.getUserId());
        if (problem != null) {
            return new Refused(event.getUserId() == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD, problem);
        }
        if (key != null && !event.getUserId().equals(new String(key, StandardCharsets.UTF_8))) {
            return new Refused(ErrorCode.KEY_MISMATCH, "record key '" + printable(key)
                    + "' differs from userId '" + event.getUserId() + "'");
        }
        EventType type = event.getType();
        if (type == EventType.LOGIN || type == EventType.HEARTBEAT || type == EventType.LOGOUT
                || type == EventType.DISCONNECT || type == EventType.SESSION_TIMED_OUT) {
            EventReadResult refused = requireId("clientId", event.getClientId());
            if (refused != null) {
                return refused;
            }
        }
        if (type != EventType.LOGOUT && type != EventType.SET_CUSTOM_STATUS) {
            EventReadResult refused = requireId("sessionId", event.getSessionId());
            if (refused != null) {
                return refused;
            }
        }
        if (type == EventType.LOGIN && event.getPlatform() == null) {
            return new Refused(ErrorCode.MISSING_FIELD, "LOGIN requires platform");
        }
        if (type == EventType.SESSION_TIMED_OUT && event.getLastHeartbeatAt() == null) {
            return new Refused(ErrorCode.MISSING_FIELD, "SESSION_TIMED_OUT requires lastHeartbeatAt");
        }
        if (event.getEventId() != null) {
            problem = idProblem("eventId", event.getEventId());
            if (problem != null) {
                return new Refused(ErrorCode.INVALID_FIELD, problem);
            }
        }
        if (type == EventType.SET_CUSTOM_STATUS && event.getCustomStatus() != null) {
            int bytes = event.getCustomStatus().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > customStatusMaxBytes) {
                return new Refused(ErrorCode.CUSTOM_STATUS_TOO_LONG, "customStatus is " + bytes
                        + " UTF-8 bytes, the limit is " + customStatusMaxBytes);
            }
        }
        return new Accepted(event);
    }

    private static EventReadResult readAvro(byte[] value) {
        try {
            return new Accepted(AvroCodec.decode(value, PresenceEvent.class));
        } catch (MissingSchemaException e) {
            return new Refused(ErrorCode.UNKNOWN_SCHEMA, "unknown Avro schema fingerprint: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Refused(ErrorCode.UNREADABLE_RECORD, "not a valid Avro PresenceEvent: " + e.getMessage());
        }
    }

    private static EventReadResult readJson(byte[] value) {
        JsonNode node;
        try {
            node = AvroJson.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return new Refused(firstByteLooksLikeJson(value) ? ErrorCode.MALFORMED_JSON : ErrorCode.UNREADABLE_RECORD,
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Refused(ErrorCode.UNREADABLE_RECORD, "not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return new Refused(ErrorCode.MALFORMED_JSON, "a JSON event must be an object");
        }
        return fromJson(node);
    }

    /** Builds an event from its JSON object; used for Kafka records and for the REST API's bodies. */
    public static EventReadResult fromJson(JsonNode node) {
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return new Refused(ErrorCode.UNKNOWN_TYPE, "type is missing");
        }
        EventType type = enumValue(EventType.class, typeNode);
        if (type == null) {
            return new Refused(ErrorCode.UNKNOWN_TYPE, "unknown type " + typeNode);
        }
        PresenceEvent.Builder event = PresenceEvent.newBuilder().setType(type);
        try {
            event.setUserId(text(node, "userId"));
            event.setClientId(text(node, "clientId"));
            event.setSessionId(text(node, "sessionId"));
            event.setCustomStatus(text(node, "customStatus"));
            event.setEventId(text(node, "eventId"));
            event.setLastHeartbeatAt(number(node, "lastHeartbeatAt"));
            event.setOccurredAt(number(node, "occurredAt"));
            JsonNode platform = node.get("platform");
            if (platform != null && !platform.isNull()) {
                Platform value = enumValue(Platform.class, platform);
                if (value == null) {
                    return new Refused(ErrorCode.INVALID_FIELD, "platform must be one of "
                            + java.util.Arrays.toString(Platform.values()) + ", got " + platform);
                }
                event.setPlatform(value);
            }
        } catch (IllegalArgumentException e) {
            return new Refused(ErrorCode.INVALID_FIELD, e.getMessage());
        }
        if (event.getUserId() == null) {
            return new Refused(ErrorCode.MISSING_FIELD, "userId is missing");
        }
        return new Accepted(event.build());
    }

    /** True when the field names are all event fields: lets the REST API refuse typos instead of ignoring them. */
    public static boolean isEventField(String name) {
        return EVENT_FIELDS.contains(name);
    }

    private static EventReadResult requireId(String field, String value) {
        if (value == null) {
            return new Refused(ErrorCode.MISSING_FIELD, field + " is missing");
        }
        String problem = idProblem(field, value);
        return problem == null ? null : new Refused(ErrorCode.INVALID_FIELD, problem);
    }

    /** Null when {@code value} is a valid id: 1 to 128 UTF-8 bytes, no control characters. */
    public static String idProblem(String field, String value) {
        if (value == null) {
            return field + " is missing";
        }
        if (value.isEmpty()) {
            return field + " is empty";
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            return field + " is " + bytes + " UTF-8 bytes, at most " + MAX_ID_BYTES + " are allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return field + " contains a control character";
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.textValue();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be epoch milliseconds (a whole number)");
        }
        return value.longValue();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Enum.valueOf(type, node.textValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean firstByteLooksLikeJson(byte[] value) {
        for (byte b : value) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{' || b == '[' || b == '"';
        }
        return false;
    }

    private static String printable(byte[] key) {
        String text = new String(key, StandardCharsets.UTF_8);
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
