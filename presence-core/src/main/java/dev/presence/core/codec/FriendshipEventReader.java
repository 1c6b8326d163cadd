package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.ReadResult.Accepted;

/** Reads one record of {@code presence.friendships} (Avro or JSON): FRIEND_ADDED or FRIEND_REMOVED of friendId on userId's list. */
public final class FriendshipEventReader {

    private FriendshipEventReader() {
    }

    public static ReadResult<FriendshipEvent> read(byte[] key, byte[] value) {
        ReadResult<FriendshipEvent> decoded = InputDecoding.decode(value, FriendshipEvent.class,
                FriendshipEventReader::fromJson);
        if (!(decoded instanceof Accepted<FriendshipEvent> accepted)) {
            return decoded;
        }
        FriendshipEvent event = accepted.value();
        // Avro input: a type of a later version (or UNKNOWN sent as such) reads as the default.
        if (EnumFallback.isFallback(event.getType())) {
            return ReadResult.refused(ErrorCode.UNKNOWN_TYPE, "unknown type " + event.getType()
                    + ": FRIEND_ADDED or FRIEND_REMOVED is needed");
        }
        ReadResult<FriendshipEvent> badId = firstBadId(event);
        if (badId != null) {
            return badId;
        }
        if (event.getUserId().equals(event.getFriendId())) {
            return ReadResult.refused(ErrorCode.INVALID_FIELD, "a user cannot be on its own friend list");
        }
        ReadResult<FriendshipEvent> keyProblem = InputDecoding.keyProblem(key, event.getUserId());
        return keyProblem != null ? keyProblem : decoded;
    }

    private static @Nullable ReadResult<FriendshipEvent> firstBadId(FriendshipEvent event) {
        String problem = JsonFields.idProblem("userId", event.getUserId());
        if (problem == null) {
            problem = JsonFields.idProblem("friendId", event.getFriendId());
        }
        if (problem == null && event.getEventId() != null) {
            problem = JsonFields.idProblem("eventId", event.getEventId());
        }
        return problem == null ? null : ReadResult.refused(ErrorCode.INVALID_FIELD, problem);
    }

    static ReadResult<FriendshipEvent> fromJson(JsonNode node) {
        FriendshipEventType type = JsonFields.enumValue(FriendshipEventType.class, node.get("type"));
        if (type == null) {
            return ReadResult.refused(ErrorCode.UNKNOWN_TYPE, "type must be FRIEND_ADDED or FRIEND_REMOVED, got "
                    + (node.get("type") == null ? "nothing" : JsonFields.printable(node.get("type"))));
        }
        try {
            String userId = JsonFields.text(node, "userId");
            String friendId = JsonFields.text(node, "friendId");
            if (userId == null || friendId == null) {
                return ReadResult.refused(ErrorCode.MISSING_FIELD, userId == null ? "userId is missing" : "friendId is missing");
            }
            return new Accepted<>(FriendshipEvent.newBuilder().setType(type).setUserId(userId).setFriendId(friendId)
                    .setEventId(JsonFields.text(node, "eventId")).build());
        } catch (IllegalArgumentException e) {
            return ReadResult.refused(ErrorCode.INVALID_FIELD, String.valueOf(e.getMessage()));
        }
    }
}
