package dev.presence.bench.load;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * One record to write, pre-encoded so that producing costs nothing but the send; a null key or value is
 * written as null. Keys are bytes so that the drills can write keys no string holds.
 */
public record Outgoing(String topic, byte[] key, byte[] value) {

    /** A record the client library built ({@code InputRecords}): its key as Kafka's StringSerializer writes it. */
    public static Outgoing of(ProducerRecord<String, byte[]> record) {
        return new Outgoing(record.topic(), record.key().getBytes(StandardCharsets.UTF_8), record.value());
    }

    public int size() {
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }
}
