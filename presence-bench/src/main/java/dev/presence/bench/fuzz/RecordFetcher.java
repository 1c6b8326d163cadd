package dev.presence.bench.fuzz;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads one record back from the broker by its place, so that a report can show what the engine got wrong. */
final class RecordFetcher {

    private RecordFetcher() {
    }

    /** "key=... value=..." with non-printable bytes escaped and long parts cut, or why it could not be read. */
    static String describe(String bootstrapServers, String topic, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition place = new TopicPartition(topic, partition);
            consumer.assign(List.of(place));
            consumer.seek(place, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return "key=" + (record.key() == null ? "null" : RawHttp.printable(record.key(), 80))
                                + " value=" + (record.value() == null ? "null" : RawHttp.printable(record.value(), 300));
                    }
                    return "not found (next offset " + record.offset() + ")";
                }
            }
            return "not read within 10 s";
        }
    }
}
