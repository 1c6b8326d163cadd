package dev.presence.client;

import dev.presence.core.PresenceTopics;
import dev.presence.core.Topic;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Objects;

/**
 * The engine's input records as Kafka records ready to send: the input topic, the key that puts the
 * record in the partition where the engine keeps its user (the user; the subscriber for a
 * subscription command), and the value encoded in one wire format by the serializer of the topic
 * the engine reads. {@link PresenceProducer} sends what this builds; a program that writes with a
 * producer of its own (a pre-encoded load, a bridge from another queue) builds the same records here.
 * <p>
 * Nothing is checked or stamped: the record is written as given (PresenceProducer checks the ids and
 * stamps {@code eventId} and {@code occurredAt} before it builds one). Each topic and its serializer
 * are made once, so encoding a record allocates nothing but the record.
 */
public final class InputRecords {

    private final WireFormat format;
    private final Topic<String, PresenceEvent> events;
    private final Topic<String, SubscriptionCommand> subscriptions;
    private final Topic<String, FriendshipEvent> friendships;

    private InputRecords(WireFormat format) {
        this.format = format;
        this.events = PresenceTopics.EVENTS.writtenAs(format);
        this.subscriptions = PresenceTopics.SUBSCRIPTIONS.writtenAs(format);
        this.friendships = PresenceTopics.FRIENDSHIPS.writtenAs(format);
    }

    /** Records whose values are Avro single-object encoded or in the engine's JSON form. */
    public static InputRecords writtenAs(WireFormat format) {
        return new InputRecords(Objects.requireNonNull(format, "format"));
    }

    public WireFormat format() {
        return format;
    }

    /** To {@code presence.events}, keyed by the event's user. */
    public ProducerRecord<String, byte[]> event(PresenceEvent event) {
        return record(events, event.getUserId(), event);
    }

    /** To {@code presence.subscriptions}, keyed by the subscriber. */
    public ProducerRecord<String, byte[]> subscription(SubscriptionCommand command) {
        return record(subscriptions, command.getUserId(), command);
    }

    /** To {@code presence.friendships}, keyed by the user whose friend list it changes. */
    public ProducerRecord<String, byte[]> friendship(FriendshipEvent event) {
        return record(friendships, event.getUserId(), event);
    }

    private static <V> ProducerRecord<String, byte[]> record(Topic<String, V> topic, String key, V value) {
        return new ProducerRecord<>(topic.name(), key, topic.valueSerializer().serialize(topic.name(), value));
    }
}
