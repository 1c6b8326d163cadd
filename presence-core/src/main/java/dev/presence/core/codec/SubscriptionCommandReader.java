package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.ReadResult.Accepted;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one record of {@code presence.subscriptions} (Avro or JSON) and checks what
 * a record must meet on its own: known type, ids well formed, key equal to the subscriber. Limits
 * that can change while running (targets per call, the feature switch) are the registry's.
 */
public final class SubscriptionCommandReader {

    private SubscriptionCommandReader() {
    }

    public static ReadResult<SubscriptionCommand> read(byte[] key, byte[] value) {
        ReadResult<SubscriptionCommand> decoded = InputDecoding.decode(value, SubscriptionCommand.class,
                SubscriptionCommandReader::fromJson);
        if (!(decoded instanceof Accepted<SubscriptionCommand> accepted)) {
            return decoded;
        }
        SubscriptionCommand command = accepted.value();
        ReadResult<SubscriptionCommand> invalid = validate(command);
        if (invalid != null) {
            return invalid;
        }
        ReadResult<SubscriptionCommand> keyProblem = InputDecoding.keyProblem(key, command.getUserId());
        return keyProblem != null ? keyProblem : decoded;
    }

    /** Null when the command is well formed; used for Kafka records and REST calls alike. */
    /** The refusal of a command that breaks a rule; null when it keeps them all. */
    public static @Nullable ReadResult<SubscriptionCommand> validate(SubscriptionCommand command) {
        // Avro input: a command type of a later version (or UNKNOWN sent as such) reads as the default.
        if (EnumFallback.isFallback(command.getType())) {
            return ReadResult.refused(ErrorCode.UNKNOWN_TYPE, "unknown type " + command.getType()
                    + ": SUBSCRIBE, UNSUBSCRIBE or UNSUBSCRIBE_ALL is needed");
        }
        String problem = JsonFields.idProblem("userId", command.getUserId());
        if (problem != null) {
            return ReadResult.refused(command.getUserId() == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD,
                    problem);
        }
        List<String> targets = command.getTargets();
        for (int i = 0; i < targets.size(); i++) {
            problem = JsonFields.idProblem("targets[" + i + "]", targets.get(i));
            if (problem != null) {
                return ReadResult.refused(ErrorCode.INVALID_FIELD, problem);
            }
        }
        if (command.getRequestId() != null) {
            problem = JsonFields.idProblem("requestId", command.getRequestId());
            if (problem != null) {
                return ReadResult.refused(ErrorCode.INVALID_FIELD, problem);
            }
        }
        if (command.getType() == SubscriptionCommandType.SUBSCRIBE && targets.isEmpty()) {
            return ReadResult.refused(ErrorCode.MISSING_FIELD, "SUBSCRIBE needs at least one target");
        }
        Optional<String> badTime = EventTime.problem("notOnlineSince", command.getNotOnlineSince());
        if (badTime.isPresent()) {
            return ReadResult.refused(ErrorCode.INVALID_FIELD, badTime.get());
        }
        if (command.getType() == SubscriptionCommandType.SUBSCRIPTIONS_EXPIRED && command.getNotOnlineSince() == null) {
            return ReadResult.refused(ErrorCode.MISSING_FIELD, "SUBSCRIPTIONS_EXPIRED requires notOnlineSince");
        }
        return null;
    }

    static ReadResult<SubscriptionCommand> fromJson(JsonNode node) {
        SubscriptionCommandType type = JsonFields.enumValue(SubscriptionCommandType.class, node.get("type"));
        if (type == null) {
            return ReadResult.refused(ErrorCode.UNKNOWN_TYPE, "type must be SUBSCRIBE, UNSUBSCRIBE or UNSUBSCRIBE_ALL, got "
                    + (node.get("type") == null ? "nothing" : JsonFields.printable(node.get("type"))));
        }
        try {
            List<String> targets = new ArrayList<>();
            JsonNode list = node.get("targets");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    return ReadResult.refused(ErrorCode.INVALID_FIELD, "targets must be an array of user ids");
                }
                for (JsonNode target : list) {
                    if (!target.isTextual()) {
                        return ReadResult.refused(ErrorCode.INVALID_FIELD, "targets must be an array of user ids");
                    }
                    targets.add(target.textValue());
                }
            }
            String userId = JsonFields.text(node, "userId");
            if (userId == null) {
                return ReadResult.refused(ErrorCode.MISSING_FIELD, "userId is missing");
            }
            return new Accepted<>(SubscriptionCommand.newBuilder()
                    .setType(type)
                    .setUserId(userId)
                    .setTargets(targets)
                    .setRequestId(JsonFields.text(node, "requestId"))
                    .setNotOnlineSince(JsonFields.epochMillis(node, "notOnlineSince"))
                    .build());
        } catch (IllegalArgumentException e) {
            return ReadResult.refused(ErrorCode.INVALID_FIELD, String.valueOf(e.getMessage()));
        }
    }
}
