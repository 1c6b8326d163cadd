package dev.presence.bench.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.schema.EventType;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.codec.AvroJson;
import org.apache.avro.specific.SpecificRecord;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A valid record of one input topic, in the mutants' id space: what a mutation starts from. It knows
 * the contract's rules for its own type (which fields are required, which are checked ids), so that a
 * mutation can tell whether it broke the record for certain.
 *
 * @param type the record's type name (LOGIN, SUBSCRIBE, FRIEND_ADDED, ...)
 */
public record Seed(String topic, String type, String userId, SpecificRecord record) {

    private static final Set<String> STRING_FIELDS = Set.of("type", "userId", "clientId", "sessionId", "platform",
            "customStatus", "eventId", "requestId", "friendId");
    private static final Set<String> NUMBER_FIELDS = Set.of("lastHeartbeatAt", "occurredAt", "notOnlineSince");
    private static final Map<String, Set<String>> REQUIRED = Map.ofEntries(
            Map.entry("LOGIN", Set.of("type", "userId", "clientId", "sessionId", "platform")),
            Map.entry("HEARTBEAT", Set.of("type", "userId", "clientId", "sessionId")),
            Map.entry("DISCONNECT", Set.of("type", "userId", "clientId", "sessionId")),
            Map.entry("LOGOUT", Set.of("type", "userId", "clientId")),
            Map.entry("SET_CUSTOM_STATUS", Set.of("type", "userId")),
            Map.entry("SUBSCRIBE", Set.of("type", "userId", "targets")),
            Map.entry("UNSUBSCRIBE", Set.of("type", "userId")),
            Map.entry("UNSUBSCRIBE_ALL", Set.of("type", "userId")),
            Map.entry("FRIEND_ADDED", Set.of("type", "userId", "friendId")),
            Map.entry("FRIEND_REMOVED", Set.of("type", "userId", "friendId")));

    /** A random valid record of {@code topic} for a random user of the mutants' id space. */
    public static Seed random(String topic, SplittableRandom random, int users) {
        String user = FuzzIds.user(random.nextInt(users));
        return switch (topic) {
            case Topics.EVENTS -> event(random, user, users);
            case Topics.SUBSCRIPTIONS -> subscription(random, user, users);
            case Topics.FRIENDSHIPS -> friendship(random, user, users);
            default -> throw new IllegalArgumentException("no seeds for " + topic);
        };
    }

    private static Seed event(SplittableRandom random, String user, int users) {
        EventType[] types = {EventType.LOGIN, EventType.HEARTBEAT, EventType.DISCONNECT, EventType.LOGOUT,
                EventType.SET_CUSTOM_STATUS};
        EventType type = types[random.nextInt(types.length)];
        PresenceEvent.Builder event = PresenceEvent.newBuilder().setType(type).setUserId(user);
        if (type != EventType.SET_CUSTOM_STATUS) {
            event.setClientId("c" + random.nextInt(4));
        }
        if (type == EventType.LOGIN || type == EventType.HEARTBEAT || type == EventType.DISCONNECT) {
            event.setSessionId("s" + random.nextInt(100));
        }
        if (type == EventType.LOGIN) {
            event.setPlatform(Platform.values()[random.nextInt(Platform.values().length)]);
        }
        if (type == EventType.SET_CUSTOM_STATUS) {
            event.setCustomStatus("busy " + random.nextInt(1000));
        }
        if (random.nextBoolean()) {
            event.setEventId("e" + Long.toHexString(random.nextLong()));
        }
        if (random.nextBoolean()) {
            event.setOccurredAt(1_780_000_000_000L + random.nextInt(1_000_000));
        }
        return new Seed(Topics.EVENTS, type.name(), user, event.build());
    }

    private static Seed subscription(SplittableRandom random, String user, int users) {
        SubscriptionCommandType[] types = {SubscriptionCommandType.SUBSCRIBE, SubscriptionCommandType.UNSUBSCRIBE,
                SubscriptionCommandType.UNSUBSCRIBE_ALL};
        SubscriptionCommandType type = types[random.nextInt(types.length)];
        List<String> targets = new ArrayList<>();
        if (type != SubscriptionCommandType.UNSUBSCRIBE_ALL) {
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                String target = FuzzIds.user(random.nextInt(users));
                if (!target.equals(user)) {
                    targets.add(target);
                }
            }
            if (targets.isEmpty()) {
                targets.add(user + "-x");
            }
        }
        SubscriptionCommand.Builder command = SubscriptionCommand.newBuilder().setType(type).setUserId(user)
                .setTargets(targets);
        if (random.nextBoolean()) {
            command.setRequestId("r" + random.nextInt(1_000_000));
        }
        return new Seed(Topics.SUBSCRIPTIONS, type.name(), user, command.build());
    }

    private static Seed friendship(SplittableRandom random, String user, int users) {
        FriendshipEventType type = random.nextBoolean() ? FriendshipEventType.FRIEND_ADDED : FriendshipEventType.FRIEND_REMOVED;
        String friend = FuzzIds.user(random.nextInt(users));
        if (friend.equals(user)) {
            friend = user + "-x";
        }
        FriendshipEvent.Builder event = FriendshipEvent.newBuilder().setType(type).setUserId(user).setFriendId(friend);
        if (random.nextBoolean()) {
            event.setEventId("f" + random.nextInt(1_000_000));
        }
        return new Seed(Topics.FRIENDSHIPS, type.name(), user, event.build());
    }

    /** The record as the contract's JSON: its fields with values, absent ones left out. */
    public ObjectNode json() {
        ObjectNode node = AvroJson.toTree(record);
        List<String> nulls = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (node.get(name).isNull()) {
                nulls.add(name);
            }
        }
        node.remove(nulls);
        return node;
    }

    /** True when the contract requires {@code field} for this record's type. */
    public boolean requires(String field) {
        return REQUIRED.getOrDefault(type, Set.of()).contains(field);
    }

    /** True when a value of {@code field}, present, is held to the id rule (1-128 UTF-8 bytes, no control characters). */
    public boolean checksId(String field) {
        return switch (field) {
            case "userId", "eventId", "requestId", "friendId" -> true;
            case "clientId", "sessionId" -> requires(field);
            default -> false;
        };
    }

    /** True when the custom status of this record is held to its size limit (only SET_CUSTOM_STATUS sets one). */
    public boolean checksCustomStatus() {
        return type.equals("SET_CUSTOM_STATUS");
    }

    public static boolean isStringField(String field) {
        return STRING_FIELDS.contains(field);
    }

    public static boolean isNumberField(String field) {
        return NUMBER_FIELDS.contains(field);
    }
}
