package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import dev.presence.core.Outcome.Accepted;

import java.util.Optional;

/** Reads one record of {@code presence.friendships} (Avro or JSON): FRIEND_ADDED or FRIEND_REMOVED of friendId on userId's list. */
public final class FriendshipEventReader {

    private FriendshipEventReader() {
    }

    public static Outcome<FriendshipEvent> read(byte @Nullable [] key, byte @Nullable [] value) {
        Outcome<FriendshipEvent> decoded = InputDecoding.decode(value, FriendshipEvent.class,
                FriendshipEventReader::fromJson);
        if (!(decoded instanceof Accepted<FriendshipEvent> accepted)) {
            return decoded;
        }
        FriendshipEvent event = accepted.value();
        // Avro input: a type of a later version (or UNKNOWN sent as such) reads as the default.
        if (EnumFallback.isFallback(event.getType())) {
            return Outcome.refused(ErrorCode.UNKNOWN_TYPE, "unknown type " + event.getType()
                    + ": FRIEND_ADDED or FRIEND_REMOVED is needed");
        }
        Optional<String> badId = firstBadId(event);
        if (badId.isPresent()) {
            return Outcome.refused(ErrorCode.INVALID_FIELD, badId.get());
        }
        if (event.getUserId().equals(event.getFriendId())) {
            return Outcome.refused(ErrorCode.INVALID_FIELD, "a user cannot be on its own friend list");
        }
        return InputDecoding.<FriendshipEvent>keyRefusal(key, event.getUserId()).orElse(decoded);
    }

    private static Optional<String> firstBadId(FriendshipEvent event) {
        return JsonFields.idProblem("userId", event.getUserId())
                .or(() -> JsonFields.idProblem("friendId", event.getFriendId()))
                .or(() -> event.getEventId() == null ? Optional.empty() : JsonFields.idProblem("eventId", event.getEventId()));
    }

    static Outcome<FriendshipEvent> fromJson(JsonNode node) {
        Optional<FriendshipEventType> type = JsonFields.enumValue(FriendshipEventType.class, node.get("type"));
        if (type.isEmpty()) {
            return Outcome.refused(ErrorCode.UNKNOWN_TYPE, "type must be FRIEND_ADDED or FRIEND_REMOVED, got "
                    + (node.get("type") == null ? "nothing" : JsonFields.printable(node.get("type"))));
        }
        try {
            Optional<String> userId = JsonFields.text(node, "userId");
            Optional<String> friendId = JsonFields.text(node, "friendId");
            if (userId.isEmpty() || friendId.isEmpty()) {
                return Outcome.refused(ErrorCode.MISSING_FIELD, userId.isEmpty() ? "userId is missing" : "friendId is missing");
            }
            return Outcome.accepted(FriendshipEvent.newBuilder().setType(type.get()).setUserId(userId.get())
                    .setFriendId(friendId.get()).setEventId(JsonFields.text(node, "eventId").orElse(null)).build());
        } catch (IllegalArgumentException e) {
            return Outcome.refused(ErrorCode.INVALID_FIELD, String.valueOf(e.getMessage()));
        }
    }
}
