package dev.presence.api.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How an instance follows a topic it must read whole and live (notifications, verdicts): no consumer
 * group, every partition, from the end as it is at start, read_committed so only what committed
 * processing wrote counts.
 */
public final class TailReading {

    private TailReading() {
    }

    /** {@code clientProperties} (bootstrap servers, security) made into such a reader's properties. */
    public static Map<String, Object> consumerProperties(Map<String, Object> clientProperties, String clientId) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    /**
     * Assigns every partition of {@code topic} and fixes "the end" now (positions resolved at once),
     * so whatever is registered after this returns misses nothing committed later. Returns the partitions.
     */
    public static List<TopicPartition> fromTheEnd(Consumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return partitions;
    }
}
