package dev.presence.bench.benchmark;

import dev.presence.bench.run.Pause;
import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.KafkaInspector;
import dev.presence.bench.cluster.KafkaTarget;
import dev.presence.bench.cluster.TopicDelta;
import dev.presence.core.codec.WireFormat;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.Workload;
import dev.presence.bench.load.WorkloadGenerator;
import dev.presence.bench.report.Report;
import dev.presence.bench.run.BenchOptions;
import dev.presence.core.PresenceNames.Topics;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * What each event costs the cluster and the engine: records and bytes written per heartbeat and per
 * status change (every topic, changelogs included), state bytes per user, heap, and the time to
 * restore every user's state from the changelogs after the local state folder is deleted.
 */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = "bytes per heartbeat and per status change, state per user, heap, restore time")
public final class CostBenchmark implements Callable<Integer> {

    @Mixin
    BenchOptions options;

    @Option(names = "--users", defaultValue = "1000000", description = "users tracked, one client each (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--heartbeats", defaultValue = "200000", description = "heartbeats in the measured burst (default ${DEFAULT-VALUE})")
    int heartbeats;

    @Option(names = "--status-changes", defaultValue = "50000", description = "custom status changes in the measured burst (default ${DEFAULT-VALUE})")
    int statusChanges;

    @Option(names = "--format", defaultValue = "AVRO", description = "avro or json (default ${DEFAULT-VALUE})")
    WireFormat format;

    @Override
    public Integer call() throws Exception {
        Path work = options.workDir("cost");
        Report report = new Report("cost");
        WorkloadGenerator generator = new WorkloadGenerator(users, format, options.seed, false);
        String applicationId = "bench-cost-" + System.currentTimeMillis();
        try (KafkaTarget kafka = KafkaTarget.open(options.bootstrap(), work);
             KafkaInspector inspector = new KafkaInspector(kafka.bootstrapServers());
             LoadProducer producer = new LoadProducer(kafka.bootstrapServers());
             EngineProcess engine = new EngineProcess(options.engineSettings(kafka.bootstrapServers(), applicationId,
                     Map.of()), options.engineJvm(), work.resolve("engine"))) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("kafka", kafka.describe());
            shown.put("users", String.format(Locale.ROOT, "%,d (one client each)", users));
            shown.put("bursts", String.format(Locale.ROOT, "%,d heartbeats, %,d custom status changes (%s)",
                    heartbeats, statusChanges, format.name().toLowerCase(Locale.ROOT)));
            shown.putAll(options.describe());
            report.header(shown);

            engine.start();
            engine.awaitReady(Duration.ofMinutes(3));
            for (int u = 0; u < users; u++) {
                generator.loginFirstClient(u);
            }
            long start = System.nanoTime();
            Workload logins = generator.finish();
            producer.sendAll(logins.records());
            awaitConsumed(inspector, applicationId);
            report.rate("state built (one LOGIN per user)", users, (System.nanoTime() - start) / 1e9);

            for (int i = 0; i < heartbeats; i++) {
                generator.heartbeat(i % users);
            }
            burst(report, "per heartbeat", generator.finish(), heartbeats, kafka, inspector, producer, applicationId);
            for (int i = 0; i < statusChanges; i++) {
                generator.setCustomStatus(i % users, "busy " + i);
            }
            burst(report, "per status change", generator.finish(), statusChanges, kafka, inspector, producer, applicationId);

            long heap = engine.heapUsedAfterGc();
            report.line("engine heap used after full GC", Report.mib(heap) + " MiB");
            engine.stop();
            long stateBytes = sizeOf(engine.stateDir());
            report.line("local state (RocksDB etc.) after clean stop", String.format(Locale.ROOT,
                    "%s MiB, %.0f bytes per user", Report.mib(stateBytes), (double) stateBytes / users));
            sizeByStore(engine.stateDir()).forEach((store, bytes) -> report.line("local state: " + store,
                    String.format(Locale.ROOT, "%s MiB, %.1f bytes per user", Report.mib(bytes), (double) bytes / users)));

            deleteRecursively(engine.stateDir());
            engine.start();
            Duration restore = engine.awaitReady(Duration.ofMinutes(30));
            long queryStart = System.nanoTime();
            int answer = engine.get("/v1/users/" + WorkloadGenerator.userId(users - 1) + "/status");
            report.line("restore after deleting the state folder", String.format(Locale.ROOT,
                    "%.1f s from process start to ready, first query %d in %.0f ms (%,d users)",
                    restore.toMillis() / 1000.0, answer, (System.nanoTime() - queryStart) / 1e6, users));
        }
        return 0;
    }

    private void burst(Report report, String label, Workload burst, int count, KafkaTarget kafka,
                       KafkaInspector inspector, LoadProducer producer, String applicationId) {
        Set<String> topics = inspector.topics(t -> t.startsWith("presence.") || t.startsWith(applicationId));
        Map<TopicPartition, Long> before = inspector.endOffsets(topics);
        Map<String, Long> bytesBefore = inspector.logBytes(topics);
        producer.sendAll(burst.records());
        awaitConsumed(inspector, applicationId);
        // One more commit interval so the last transaction's outputs are committed and readable.
        Pause.millis(Math.max(1000, 3L * options.commitIntervalMs));
        Map<TopicPartition, Long> after = inspector.endOffsets(topics);
        Map<String, Long> bytesAfter = inspector.logBytes(topics);
        Map<String, TopicDelta.Written> written = TopicDelta.between(kafka.bootstrapServers(), before, after);
        long records = 0;
        long payload = 0;
        for (Map.Entry<String, TopicDelta.Written> topic : written.entrySet()) {
            if (topic.getValue().records() == 0 || topic.getKey().equals(Topics.EVENTS)) {
                continue;
            }
            long logDelta = bytesAfter.getOrDefault(topic.getKey(), 0L) - bytesBefore.getOrDefault(topic.getKey(), 0L);
            String name = topic.getKey().replace(applicationId + "-", "");
            report.line(label + ": " + name, String.format(Locale.ROOT, "%.3f records, %.1f payload bytes, %.1f log bytes",
                    (double) topic.getValue().records() / count, (double) topic.getValue().payloadBytes() / count,
                    (double) logDelta / count));
            records += topic.getValue().records();
            payload += topic.getValue().payloadBytes();
        }
        report.line(label + ": TOTAL written by the engine", String.format(Locale.ROOT,
                "%.3f records, %.1f payload bytes (input event %.1f bytes)", (double) records / count,
                (double) payload / count, burst.averageRecordBytes()));
    }

    private static void awaitConsumed(KafkaInspector inspector, String applicationId) {
        if (!inspector.awaitConsumed(applicationId, List.of(Topics.EVENTS), Duration.ofMinutes(60))) {
            throw new IllegalStateException("the engine did not consume its input in time");
        }
    }

    static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The local state's bytes by store, largest first: Kafka Streams keeps each task's stores under
     * {@code <state.dir>/<application.id>/<task>/rocksdb/<store>/}; whatever lies elsewhere (checkpoints,
     * locks) counts as "(task files)".
     */
    static Map<String, Long> sizeByStore(Path dir) {
        Map<String, Long> bytes = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                Path relative = dir.relativize(file);
                String store = "(task files)";
                for (int i = 0; i + 1 < relative.getNameCount() - 1; i++) {
                    if (relative.getName(i).toString().equals("rocksdb")) {
                        store = relative.getName(i + 1).toString();
                        break;
                    }
                }
                bytes.merge(store, file.toFile().length(), Long::sum);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> largestFirst = new LinkedHashMap<>();
        bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> largestFirst.put(entry.getKey(), entry.getValue()));
        return largestFirst;
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
