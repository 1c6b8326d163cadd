package dev.presence.bench.baseline;

import dev.presence.bench.cluster.ChildJvm;
import dev.presence.bench.cluster.KafkaInspector;
import dev.presence.bench.run.CpuTime;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.cluster.TopicTap;
import dev.presence.bench.load.Outgoing;
import dev.presence.core.Topic;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The yardsticks the engine is measured against, over the same records on the same broker: for
 * throughput, a plain producer into a plain consumer and a plain Kafka Streams count, each
 * returning seconds from the first record sent until the last one is consumed (committed, for
 * Streams); for latency, a Kafka Streams copy from one topic to another.
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

    /** How long a run took from the first send until everything was consumed, and the CPU time its process used meanwhile. */
    public record TimedRun(double seconds, Duration cpu) {
    }

    /** Kafka Streams groupByKey().count() in its own JVM, started and RUNNING before the first record is sent. */
    public TimedRun streamsCount(List<Outgoing> records, String topic, String applicationId, String guarantee,
                               int commitIntervalMs, List<String> jvmOptions, Path workDir) throws Exception {
        createTopic(topic);
        Path log = workDir.resolve("count-baseline.log");
        Process app = ChildJvm.launch(CountBaselineApp.class.getName(), List.of(bootstrapServers, applicationId, topic,
                workDir.resolve("count-state").toString(), guarantee, Integer.toString(commitIntervalMs)), jvmOptions, log);
        try (KafkaInspector kafka = new KafkaInspector(bootstrapServers);
             LoadProducer producer = new LoadProducer(bootstrapServers)) {
            awaitRunning(app, log);
            Duration cpuBefore = CpuTime.of(app.pid());
            long start = System.nanoTime();
            producer.sendAll(records, t -> topic);
            if (!kafka.awaitConsumed(applicationId, List.of(topic), Duration.ofMinutes(30))) {
                throw new IllegalStateException("the Streams baseline did not consume everything; see " + log);
            }
            return new TimedRun((System.nanoTime() - start) / 1e9, CpuTime.of(app.pid()).minus(cpuBefore));
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * What one pass-through run measured, in microseconds: each record from its send to readable in
     * the output, and the two halves of that, split where the copy handled it ({@link
     * PassThroughBaselineApp#PROCESSED_AT}): send to handled (producer, broker, the copy's consumer and
     * poll loop) and handled to readable (the copy's producer and commit, broker, reader); and, of the
     * first half, send to acknowledged by the broker (the sending producer and the broker).
     */
    public record PassThroughRun(Histogram total, Histogram toCopy, Histogram fromCopy, Histogram acknowledged,
                                 long worstSendLagMillis) {
    }

    /**
     * Latency through Kafka Streams alone: {@code records} sent at {@code perSecond} (each stamped
     * with the wall clock at its send) into a copy of the input, copied by {@link PassThroughBaselineApp}
     * into an output topic read as the engine's notifications are (read_committed). {@code settings}:
     * Streams settings beyond the guarantee and the commit interval (the engine's defaults for that
     * guarantee); {@code readerSettings}: the reading consumer's, as the engine's reader has them.
     */
    public PassThroughRun passThroughLatency(List<Outgoing> records, int perSecond, String applicationId, String guarantee,
                                             int commitIntervalMs, Map<String, String> settings,
                                             Map<String, Object> readerSettings, List<String> jvmOptions, Path workDir)
            throws Exception {
        String in = applicationId + "-in";
        String out = applicationId + "-out";
        createTopic(in);
        createTopic(out);
        Path log = workDir.resolve("pass-through-baseline.log");
        List<String> arguments = new ArrayList<>(List.of(bootstrapServers, applicationId, in, out,
                workDir.resolve("pass-through-state").toString(), guarantee, Integer.toString(commitIntervalMs)));
        settings.forEach((key, value) -> arguments.add(key + "=" + value));
        Process app = ChildJvm.launch(PassThroughBaselineApp.class.getName(), arguments, jvmOptions, log);
        Histogram total = histogram();
        Histogram toCopy = histogram();
        Histogram fromCopy = histogram();
        try (LoadProducer producer = new LoadProducer(bootstrapServers)) {
            awaitRunning(app, log);
            Topic<byte[], byte[]> output = Topic.of(out, Serdes.ByteArray(), Serdes.ByteArray());
            try (TopicTap<byte[], byte[]> tap = new TopicTap<>(bootstrapServers, output, false, readerSettings,
                    (record, receivedAt) -> {
                        total.recordValue(Math.max(0, receivedAt - record.timestamp()) * 1000);
                        Header handled = record.headers().lastHeader(PassThroughBaselineApp.PROCESSED_AT);
                        if (handled != null) {
                            long handledAt = Long.parseLong(new String(handled.value(), StandardCharsets.US_ASCII));
                            toCopy.recordValue(Math.max(0, handledAt - record.timestamp()) * 1000);
                            fromCopy.recordValue(Math.max(0, receivedAt - handledAt) * 1000);
                        }
                    })) {
                long worstLag = producer.sendAtRate(records, perSecond, t -> in, i -> {
                });
                if (!TopicTap.await(() -> tap.received() >= records.size(), Duration.ofMinutes(5))) {
                    throw new IllegalStateException("the pass-through baseline copied " + tap.received() + " of "
                            + records.size() + " records; see " + log);
                }
                return new PassThroughRun(total, toCopy, fromCopy, producer.acknowledgedMicros(), worstLag);
            }
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static Histogram histogram() {
        return new ConcurrentHistogram(3_600_000_000L, 3);
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
