package dev.presence.client;

import dev.presence.client.codec.PresenceSerdes;
import dev.presence.schema.Notification;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusChange;
import dev.presence.schema.UserStatus;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** The engine's topics; each output topic with the type of its values, so a topic and its serde never drift apart. */
public final class PresenceTopics {

    /** Input: presence events, key = userId. */
    public static final String EVENTS = "presence.events";
    /** Input: subscribe and unsubscribe commands, key = the subscriber. */
    public static final String SUBSCRIPTIONS = "presence.subscriptions";
    /** Input: friend list changes, key = the user whose list it is. */
    public static final String FRIENDSHIPS = "presence.friendships";

    /** Output: the latest status of each user (compacted), key = userId. */
    public static final OutputTopic<UserStatus> STATUS = new OutputTopic<>("presence.status", UserStatus.class);
    /** Output: every transition, key = userId. */
    public static final OutputTopic<StatusChange> STATUS_CHANGES =
            new OutputTopic<>("presence.status-changes", StatusChange.class);
    /** Output: notifications, key = the recipient. */
    public static final OutputTopic<Notification> NOTIFICATIONS =
            new OutputTopic<>("presence.notifications", Notification.class);
    /** Output: every record the engine refused, with its error code and origin. */
    public static final OutputTopic<RejectedRecord> REJECTED = new OutputTopic<>("presence.rejected", RejectedRecord.class);

    private PresenceTopics() {
    }

    /** An output topic: its name and the generated class of its values (keys are UTF-8 strings). */
    public record OutputTopic<T extends SpecificRecord>(String name, Class<T> valueType) {

        /** Reads either format; writes Avro single-object encoding. */
        public Serde<T> valueSerde() {
            return PresenceSerdes.of(valueType, WireFormat.AVRO);
        }
    }
}
