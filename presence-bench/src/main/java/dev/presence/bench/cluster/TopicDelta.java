package dev.presence.bench.cluster;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was written to a set of topics between two snapshots of their end offsets: records counted
 * by reading them (read_committed, so transaction markers and aborted writes do not count) and
 * their key + value bytes, per topic.
 */
public final class TopicDelta {

    /** Records and payload bytes one topic gained. */
    public record Written(long records, long payloadBytes) {
    }

    private TopicDelta() {
    }

    public static Map<String, Written> between(String bootstrapServers, Map<TopicPartition, Long> before,
                                               Map<TopicPartition, Long> after) {
        Map<String, long[]> totals = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (Map.Entry<TopicPartition, Long> end : after.entrySet()) {
                TopicPartition partition = end.getKey();
                long from = before.getOrDefault(partition, 0L);
                long[] total = totals.computeIfAbsent(partition.topic(), t -> new long[2]);
                if (end.getValue() <= from) {
                    continue;
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, from);
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (consumer.position(partition) < end.getValue() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.offset() < end.getValue()) {
                            total[0]++;
                            total[1] += (record.key() == null ? 0 : record.key().length)
                                    + (record.value() == null ? 0 : record.value().length);
                        }
                    }
                }
            }
        }
        Map<String, Written> written = new TreeMap<>();
        totals.forEach((topic, t) -> written.put(topic, new Written(t[0], t[1])));
        return written;
    }

    public static Map<TopicPartition, Long> snapshot(KafkaInspector kafka, Collection<String> topics) {
        return kafka.endOffsets(topics);
    }
}
