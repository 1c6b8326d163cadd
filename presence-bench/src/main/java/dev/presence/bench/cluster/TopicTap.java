package dev.presence.bench.cluster;

import dev.presence.bench.run.Pause;
import dev.presence.core.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one of the engine's output topics on a thread of its own, as a downstream consumer would
 * (read_committed), and hands each record to a listener with the wall-clock time it was received.
 * Keys and values are read with the topic's own deserializers (those the client library offers for
 * every output topic); values that are not of the topic's type (a hostile record among the input) come as null.
 */
public final class TopicTap<K, V> implements AutoCloseable {

    /** Called on the tap's thread. */
    public interface Listener<K, V> {
        void received(ConsumerRecord<K, V> record, long receivedAtMillis);
    }

    private final KafkaConsumer<K, byte[]> consumer;
    private final Deserializer<V> values;
    private final Listener<K, V> listener;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong received = new AtomicLong();
    private final Thread thread;

    /** {@code fromStart}: every record of the topic; otherwise only those written from now on. */
    public TopicTap(String bootstrapServers, Topic<K, V> read, boolean fromStart, Listener<K, V> listener) {
        this(bootstrapServers, read, fromStart, Map.of(), listener);
    }

    /** As above, with consumer settings of the caller's ({@code fetch.max.wait.ms}, say) over the tap's. */
    public TopicTap(String bootstrapServers, Topic<K, V> read, boolean fromStart, Map<String, Object> consumerSettings,
                    Listener<K, V> listener) {
        String topic = read.name();
        Map<String, Object> settings = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        settings.putAll(consumerSettings);
        this.consumer = new KafkaConsumer<>(settings, read.keyDeserializer(), new ByteArrayDeserializer());
        this.values = read.valueDeserializer();
        this.listener = listener;
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (fromStart) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::run, "tap-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    public long received() {
        return received.get();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<K, byte[]> raw : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    V value;
                    try {
                        value = values.deserialize(raw.topic(), raw.value());
                    } catch (RuntimeException notOurs) {
                        value = null;
                    }
                    listener.received(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                            raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(), raw.key(), value,
                            raw.headers(), raw.leaderEpoch()), now);
                    received.incrementAndGet();
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException stopping) {
            // close() woke the poll up
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Waits until {@code done} holds or the time is up; returns whether it holds. */
    public static boolean await(java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Pause.millis(10);
        }
        return true;
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
