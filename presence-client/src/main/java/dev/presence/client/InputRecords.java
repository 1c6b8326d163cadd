package dev.presence.client;

import dev.presence.core.PresenceTopics;
import dev.presence.core.codec.OutputSerde;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The engine's input records as Kafka records ready to send: the input topic, the key that puts the
 * record in the partition where the engine keeps its user (the user; the subscriber for a
 * subscription command), and the value in one wire format: Avro single-object encoding by the
 * engine's own codec, or {@link InputJson} (the engine's JSON form without the unset fields).
 * {@link PresenceProducer} sends what this builds; a program that writes with a producer of its own
 * (a pre-encoded load, a bridge from another queue) builds the same records here.
 * <p>
 * Nothing is checked or stamped: the record is written as given (PresenceProducer checks the ids and
 * stamps {@code eventId} and {@code occurredAt} before it builds one). The serializer is chosen once,
 * so encoding a record allocates nothing but its bytes and the record.
 */
public final class InputRecords {

    private static final String EVENTS = PresenceTopics.EVENTS.name();
    private static final String SUBSCRIPTIONS = PresenceTopics.SUBSCRIPTIONS.name();
    private static final String FRIENDSHIPS = PresenceTopics.FRIENDSHIPS.name();

    private final WireFormat format;
    private final Serializer<SpecificRecord> values;

    private InputRecords(WireFormat format) {
        this.format = format;
        this.values = format == WireFormat.AVRO ? OutputSerde.serializer(WireFormat.AVRO) : (topic, record) -> InputJson.bytes(record);
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
        return record(EVENTS, event.getUserId(), event);
    }

    /** To {@code presence.subscriptions}, keyed by the subscriber. */
    public ProducerRecord<String, byte[]> subscription(SubscriptionCommand command) {
        return record(SUBSCRIPTIONS, command.getUserId(), command);
    }

    /** To {@code presence.friendships}, keyed by the user whose friend list it changes. */
    public ProducerRecord<String, byte[]> friendship(FriendshipEvent event) {
        return record(FRIENDSHIPS, event.getUserId(), event);
    }

    /**
     * The partition Kafka's default partitioner gives a record keyed {@code key} in a topic of
     * {@code partitions} partitions: the producer's own function (murmur2 of the key's UTF-8 bytes),
     * so a program can tell which users share a partition with another without sending anything.
     */
    public static int partitionOf(String key, int partitions) {
        Objects.requireNonNull(key, "key");
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitions);
        }
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    private ProducerRecord<String, byte[]> record(String topic, String key, SpecificRecord value) {
        return new ProducerRecord<>(topic, key, values.serialize(topic, value));
    }
}
