package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.JsonNode;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import dev.presence.core.Outcome.Accepted;

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

    public static Outcome<SubscriptionCommand> read(byte @Nullable [] key, byte @Nullable [] value) {
        Outcome<SubscriptionCommand> decoded = InputDecoding.decode(value, SubscriptionCommand.class,
                SubscriptionCommandReader::fromJson);
        if (!(decoded instanceof Accepted<SubscriptionCommand> accepted)) {
            return decoded;
        }
        SubscriptionCommand command = accepted.value();
        Outcome<SubscriptionCommand> valid = validate(command);
        if (!(valid instanceof Accepted)) {
            return valid;
        }
        return InputDecoding.<SubscriptionCommand>keyRefusal(key, command.getUserId()).orElse(valid);
    }

    /** Checks a command by every rule but the key's; used for Kafka records and REST calls alike. */
    public static Outcome<SubscriptionCommand> validate(SubscriptionCommand command) {
        // Avro input: a command type of a later version (or UNKNOWN sent as such) reads as the default.
        if (EnumFallback.isFallback(command.getType())) {
            return Outcome.refused(ErrorCode.UNKNOWN_TYPE, "unknown type " + command.getType()
                    + ": SUBSCRIBE, UNSUBSCRIBE or UNSUBSCRIBE_ALL is needed");
        }
        Optional<String> problem = JsonFields.idProblem("userId", command.getUserId());
        if (problem.isPresent()) {
            return Outcome.refused(command.getUserId() == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD,
                    problem.get());
        }
        List<String> targets = command.getTargets();
        for (int i = 0; i < targets.size(); i++) {
            problem = JsonFields.idProblem("targets[" + i + "]", targets.get(i));
            if (problem.isPresent()) {
                return Outcome.refused(ErrorCode.INVALID_FIELD, problem.get());
            }
        }
        if (command.getRequestId() != null) {
            problem = JsonFields.idProblem("requestId", command.getRequestId());
            if (problem.isPresent()) {
                return Outcome.refused(ErrorCode.INVALID_FIELD, problem.get());
            }
        }
        if (command.getType() == SubscriptionCommandType.SUBSCRIBE && targets.isEmpty()) {
            return Outcome.refused(ErrorCode.MISSING_FIELD, "SUBSCRIBE needs at least one target");
        }
        Optional<String> badTime = EventTime.problem("notOnlineSince", command.getNotOnlineSince());
        if (badTime.isPresent()) {
            return Outcome.refused(ErrorCode.INVALID_FIELD, badTime.get());
        }
        if (command.getType() == SubscriptionCommandType.SUBSCRIPTIONS_EXPIRED && command.getNotOnlineSince() == null) {
            return Outcome.refused(ErrorCode.MISSING_FIELD, "SUBSCRIPTIONS_EXPIRED requires notOnlineSince");
        }
        return Outcome.accepted(command);
    }

    static Outcome<SubscriptionCommand> fromJson(JsonNode node) {
        Optional<SubscriptionCommandType> type = JsonFields.enumValue(SubscriptionCommandType.class, node.get("type"));
        if (type.isEmpty()) {
            return Outcome.refused(ErrorCode.UNKNOWN_TYPE, "type must be SUBSCRIBE, UNSUBSCRIBE or UNSUBSCRIBE_ALL, got "
                    + (node.get("type") == null ? "nothing" : JsonFields.printable(node.get("type"))));
        }
        try {
            List<String> targets = new ArrayList<>();
            JsonNode list = node.get("targets");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    return Outcome.refused(ErrorCode.INVALID_FIELD, "targets must be an array of user ids");
                }
                for (JsonNode target : list) {
                    if (!target.isTextual()) {
                        return Outcome.refused(ErrorCode.INVALID_FIELD, "targets must be an array of user ids");
                    }
                    targets.add(target.textValue());
                }
            }
            Optional<String> userId = JsonFields.text(node, "userId");
            if (userId.isEmpty()) {
                return Outcome.refused(ErrorCode.MISSING_FIELD, "userId is missing");
            }
            return Outcome.accepted(SubscriptionCommand.newBuilder()
                    .setType(type.get())
                    .setUserId(userId.get())
                    .setTargets(targets)
                    .setRequestId(JsonFields.text(node, "requestId").orElse(null))
                    .setNotOnlineSince(JsonFields.epochMillis(node, "notOnlineSince").orElse(null))
                    .build());
        } catch (IllegalArgumentException e) {
            return Outcome.refused(ErrorCode.INVALID_FIELD, String.valueOf(e.getMessage()));
        }
    }
}
