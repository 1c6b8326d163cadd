package dev.presence.bench.fuzz;

import dev.presence.schema.RejectedRecord;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads presence.rejected from its start to its end, as a downstream reader would
 * (read_committed), handing each rejection over. "The end" is the last stable offset: a transaction
 * of the engine left open would hide everything after it, so the gap between that and the log's end
 * (high watermark) is reported rather than waited out for ever.
 */
final class RejectedReader {

    /** What was read: records, values that are not a RejectedRecord, and records past the last stable offset. */
    record Result(long records, long unreadable, long hiddenByOpenTransaction) {
    }

    private RejectedReader() {
    }

    static Result read(String bootstrapServers, Duration timeout, Consumer<RejectedRecord> each) {
        Deserializer<RejectedRecord> values = PresenceTopics.REJECTED.valueDeserializer();
        long records = 0;
        long unreadable = 0;
        try (KafkaConsumer<byte[], byte[]> committed = consumer(bootstrapServers, "read_committed");
             KafkaConsumer<byte[], byte[]> uncommitted = consumer(bootstrapServers, "read_uncommitted")) {
            List<TopicPartition> partitions = committed.partitionsFor(Topics.REJECTED).stream()
                    .map(p -> new TopicPartition(Topics.REJECTED, p.partition())).toList();
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, Long> stable = awaitStable(committed, uncommitted, partitions, deadline);
            committed.assign(partitions);
            committed.seekToBeginning(partitions);
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> committed.position(p) < stable.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : committed.poll(Duration.ofMillis(200))) {
                    records++;
                    try {
                        each.accept(values.deserialize(Topics.REJECTED, record.value()));
                    } catch (RuntimeException notARejection) {
                        unreadable++;
                    }
                }
            }
            Map<TopicPartition, Long> logEnd = uncommitted.endOffsets(partitions);
            long hidden = partitions.stream().mapToLong(p -> logEnd.get(p) - stable.get(p)).sum();
            return new Result(records, unreadable, hidden);
        }
    }

    /** The last stable offsets, once they have caught up with the log's end (an idle engine has no open transaction) or time is up. */
    private static Map<TopicPartition, Long> awaitStable(KafkaConsumer<byte[], byte[]> committed,
                                                         KafkaConsumer<byte[], byte[]> uncommitted,
                                                         List<TopicPartition> partitions, long deadline) {
        long waitUntil = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(30).toNanos());
        while (true) {
            Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
            Map<TopicPartition, Long> end = uncommitted.endOffsets(partitions);
            if (stable.equals(end) || System.nanoTime() > waitUntil) {
                return stable;
            }
            dev.presence.bench.run.Pause.millis(500);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String isolation) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
