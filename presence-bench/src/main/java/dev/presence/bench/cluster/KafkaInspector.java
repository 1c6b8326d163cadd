package dev.presence.bench.cluster;

import dev.presence.bench.run.Pause;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What the broker knows: topics, end offsets, log sizes and consumer group progress. */
public final class KafkaInspector implements AutoCloseable {

    private final Admin admin;

    public KafkaInspector(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000));
    }

    public Set<String> topics(Predicate<String> wanted) {
        return await(admin.listTopics().names()).stream().filter(wanted).collect(Collectors.toSet());
    }

    public List<TopicPartition> partitions(Collection<String> topics) {
        return await(admin.describeTopics(topics).allTopicNames()).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    public Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        Map<TopicPartition, OffsetSpec> latest = partitions(topics).stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = await(admin.listOffsets(latest).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    public long endOffsetSum(Collection<String> topics) {
        return endOffsets(topics).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Bytes on disk per topic (all partitions, this cluster's replicas summed). */
    public Map<String, Long> logBytes(Collection<String> topics) {
        Set<Integer> brokers = await(admin.describeCluster().nodes()).stream().map(n -> n.id()).collect(Collectors.toSet());
        Map<String, Long> bytes = new TreeMap<>();
        Map<Integer, Map<String, LogDirDescription>> dirs = await(admin.describeLogDirs(brokers).allDescriptions());
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    if (topics.contains(replica.getKey().topic())) {
                        bytes.merge(replica.getKey().topic(), replica.getValue().size(), Long::sum);
                    }
                }
            }
        }
        return bytes;
    }

    /** Offsets the group committed, for the partitions it has any. */
    public Map<TopicPartition, Long> committed(String groupId) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                await(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((partition, meta) -> {
            if (meta != null) {
                offsets.put(partition, meta.offset());
            }
        });
        return offsets;
    }

    /**
     * Waits until {@code groupId} has committed every record of {@code topics} up to their current
     * end offsets (read once the producer is done); returns false on timeout.
     */
    public boolean awaitConsumed(String groupId, Collection<String> topics, Duration timeout) {
        Map<TopicPartition, Long> end = endOffsets(topics);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> committed = committed(groupId);
            boolean done = end.entrySet().stream().allMatch(e ->
                    e.getValue() == 0 || committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
            if (done) {
                return true;
            }
            Pause.millis(20);
        }
        return false;
    }

    /** Records of {@code topics} the group has not committed yet. */
    public long lag(String groupId, Collection<String> topics) {
        Map<TopicPartition, Long> committed = committed(groupId);
        return endOffsets(topics).entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L))).sum();
    }

    public void deleteTopics(Collection<String> topics) {
        await(admin.deleteTopics(topics).all());
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    public static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka admin call failed: " + e.getMessage(), e);
        }
    }
}
