package dev.presence.bench.baseline;

import dev.presence.bench.cluster.ChildJvm;
import dev.presence.bench.cluster.KafkaInspector;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.Outgoing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two yardsticks the engine is measured against, over the same records on the same broker:
 * a plain producer into a plain consumer, and a plain Kafka Streams count. Each returns seconds
 * from the first record sent until the last one is consumed (committed, for Streams).
 */
public final class Baselines {

    private final String bootstrapServers;
    private final int partitions;

    public Baselines(String bootstrapServers, int partitions) {
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
    }

    /** Raw pass-through: every record into one topic, read back by one consumer (read_committed, as the engine reads). */
    public double rawPassThrough(List<Outgoing> records, String topic) throws Exception {
        createTopic(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
             LoadProducer producer = new LoadProducer(bootstrapServers)) {
            List<TopicPartition> assigned = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            consumer.poll(Duration.ZERO);
            long start = System.nanoTime();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> producer.sendAll(records, t -> topic));
            long seen = 0;
            while (seen < records.size()) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
                if (sending.isCompletedExceptionally()) {
                    sending.join();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sending.join();
            return seconds;
        }
    }

    /** Kafka Streams groupByKey().count() in its own JVM, started and RUNNING before the first record is sent. */
    public double streamsCount(List<Outgoing> records, String topic, String applicationId, String guarantee,
                               int commitIntervalMs, List<String> jvmOptions, Path workDir) throws Exception {
        createTopic(topic);
        Path log = workDir.resolve("count-baseline.log");
        Process app = ChildJvm.launch(CountBaselineApp.class.getName(), List.of(bootstrapServers, applicationId, topic,
                workDir.resolve("count-state").toString(), guarantee, Integer.toString(commitIntervalMs)), jvmOptions, log);
        try (KafkaInspector kafka = new KafkaInspector(bootstrapServers);
             LoadProducer producer = new LoadProducer(bootstrapServers)) {
            awaitRunning(app, log);
            long start = System.nanoTime();
            producer.sendAll(records, t -> topic);
            if (!kafka.awaitConsumed(applicationId, List.of(topic), Duration.ofMinutes(30))) {
                throw new IllegalStateException("the Streams baseline did not consume everything; see " + log);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static void awaitRunning(Process app, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the Streams baseline exited; see " + log);
            }
            if (Files.exists(log) && Files.readString(log).contains("-> RUNNING")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the Streams baseline did not reach RUNNING; see " + log);
    }

    private void createTopic(String topic) {
        try (KafkaInspector kafka = new KafkaInspector(bootstrapServers)) {
            KafkaInspector.await(kafka.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all());
        }
    }
}
