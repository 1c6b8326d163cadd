package dev.presence.api.support;

import dev.presence.core.PresenceNames.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A gateway in another language, writing the spec's JSON to presence.events by hand with a plain
 * KafkaProducer (key = userId), and a careless or hostile producer: a partition other than the key's,
 * any bytes to any topic. Valid Avro comes from the client library's PresenceProducer instead.
 */
public final class EventProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public EventProducer(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public void json(String userId, String json) {
        send(userId, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Many events of one user at once: sent without waiting for each, then flushed (all acknowledged on return). */
    public void jsonAll(String userId, List<String> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        events.forEach(json -> sent.add(producer.send(new ProducerRecord<>(Topics.EVENTS, userId,
                json.getBytes(StandardCharsets.UTF_8)))));
        producer.flush();
        sent.forEach(EventProducer::await);
    }

    /** As a producer with another partitioner would: the record goes to {@code partition}, whatever its key. */
    public void jsonToPartition(String userId, String json, int partition) {
        send(new ProducerRecord<>(Topics.EVENTS, partition, userId, json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Any bytes to any topic, as a careless or hostile producer would write them. */
    public void raw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private void send(String key, byte[] value) {
        send(new ProducerRecord<>(Topics.EVENTS, key, value));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        await(producer.send(record));
    }

    private static void await(Future<RecordMetadata> sent) {
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused the event", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
