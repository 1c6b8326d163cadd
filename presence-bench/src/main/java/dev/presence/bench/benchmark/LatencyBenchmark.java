package dev.presence.bench.benchmark;

import dev.presence.api.config.EngineConfig;
import dev.presence.bench.baseline.Baselines;
import dev.presence.bench.cluster.BrokerRequestTimes;
import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.KafkaInspector;
import dev.presence.bench.cluster.KafkaTarget;
import dev.presence.bench.cluster.TopicTap;
import dev.presence.core.codec.WireFormat;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.Workload;
import dev.presence.bench.load.WorkloadGenerator;
import dev.presence.bench.report.Report;
import dev.presence.bench.run.BenchOptions;
import dev.presence.bench.run.Pause;
import dev.presence.bench.run.StallMeter;
import dev.presence.schema.Notification;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceTopics;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Event produced to notification readable (read_committed), at a fixed offered load below
 * saturation, once per processing guarantee, each on a fresh broker. A notification carries the
 * timestamp of the event that caused it, which the load stamps with the wall clock at send time.
 * Beside each, its baseline: the same records through a Kafka Streams copy from topic to topic.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "event -> notification readable, p50/p99/p99.9, under exactly_once_v2 and at_least_once")
public final class LatencyBenchmark implements Callable<Integer> {

    @Mixin
    BenchOptions options;

    /** The broker requests on a notification's path: its write, its read, and a commit (of offsets, or of a transaction). */
    private static final List<String> BROKER_REQUESTS = List.of("Produce", "FetchConsumer", "OffsetCommit", "EndTxn", "TxnOffsetCommit");

    @Option(names = "--users", defaultValue = "100000", description = "simulated users (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--rate", defaultValue = "2000", description = "offered events per second (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "60", description = "measured seconds per guarantee (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--guarantees", defaultValue = "exactly_once_v2,at_least_once", split = ",",
            description = "guarantees to measure (default ${DEFAULT-VALUE})")
    List<String> guarantees;

    @Option(names = "--reader-fetch-max-wait-ms", defaultValue = "500",
            description = "fetch.max.wait.ms of the consumer reading the notifications (default ${DEFAULT-VALUE}, Kafka's)")
    int readerFetchMaxWaitMs;

    @Option(names = "--skip-baseline", description = "measure the engine only, without the Kafka Streams pass-through beside it")
    boolean skipBaseline;

    @Override
    public Integer call() throws Exception {
        Report report = new Report("latency");
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("users", String.format(Locale.ROOT, "%,d", users));
        shown.put("offered load", String.format(Locale.ROOT, "%,d events/s for %d s (realistic mix; latency of every notification)", rate, seconds));
        shown.put("reader", "read_committed, fetch.max.wait.ms=" + readerFetchMaxWaitMs);
        shown.putAll(options.describe());
        shown.remove("processing.guarantee");
        report.header(shown);
        for (String guarantee : guarantees) {
            measure(guarantee, report);
        }
        return 0;
    }

    private void measure(String guarantee, Report report) throws Exception {
        Path work = options.workDir("latency-" + guarantee);
        WorkloadGenerator generator = new WorkloadGenerator(users, WireFormat.AVRO, options.seed, false);
        Workload warmUp = generator.loginsOnly();
        Workload measured = generator.mixed((long) rate * seconds, WorkloadGenerator.Mix.realistic());
        String applicationId = "bench-latency-" + System.currentTimeMillis();
        Histogram micros = new ConcurrentHistogram(3_600_000_000L, 3);
        try (KafkaTarget kafka = KafkaTarget.open(options.bootstrap(), work);
             KafkaInspector inspector = new KafkaInspector(kafka.bootstrapServers());
             LoadProducer producer = new LoadProducer(kafka.bootstrapServers());
             EngineProcess engine = new EngineProcess(options.engineSettings(kafka.bootstrapServers(), applicationId,
                     Map.of("processing.guarantee", guarantee)), options.engineJvm(), work.resolve("engine"))) {
            engine.start();
            engine.awaitReady(Duration.ofMinutes(3));
            producer.sendAll(warmUp.records());
            inspector.awaitConsumed(applicationId, List.of(Topics.EVENTS), Duration.ofMinutes(30));
            long worstLag;
            Histogram stalls;
            try (TopicTap<String, Notification> tap = new TopicTap<>(kafka.bootstrapServers(), PresenceTopics.NOTIFICATIONS, false,
                    readerSettings(), (record, receivedAt) ->
                    micros.recordValue(Math.max(0, receivedAt - record.timestamp()) * 1000));
                 StallMeter stallMeter = new StallMeter()) {
                worstLag = producer.sendAtRate(measured.records(), rate, i -> {
                });
                stalls = stallMeter.lateMicros();
                inspector.awaitConsumed(applicationId, List.of(Topics.EVENTS, Topics.SUBSCRIPTIONS), Duration.ofMinutes(10));
                Pause.millis(Math.max(2000, 5L * options.commitIntervalMs));
            }
            report.latency(guarantee + " (commit.interval.ms=" + options.commitIntervalMs + ")", micros);
            report.line(guarantee + ": load generator fell behind by at most", worstLag + " ms");
            report.latency(guarantee + ": send to acknowledged by the broker", producer.acknowledgedMicros());
            report.latency(guarantee + ": machine stalls (1 ms sleeps, how late)", stalls);
            for (String request : BROKER_REQUESTS) {
                report.line(guarantee + ": broker " + request, BrokerRequestTimes.p99(request));
            }
            if (!skipBaseline) {
                measureBaseline(guarantee, measured, kafka.bootstrapServers(), work, report);
            }
        }
    }

    private Map<String, Object> readerSettings() {
        return Map.of("fetch.max.wait.ms", readerFetchMaxWaitMs);
    }

    /**
     * The same records at the same rate through a Kafka Streams application that only copies them,
     * with the same guarantee, commit interval, the engine's defaults for that guarantee and the run's
     * Kafka {@code --engine-setting}s, on the same broker right after the engine: what Kafka Streams
     * alone costs here.
     */
    private void measureBaseline(String guarantee, Workload measured, String bootstrapServers, Path work, Report report)
            throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(EngineConfig.guaranteeDefaults(guarantee));
        settings.putAll(options.kafkaSettings());
        Baselines.PassThroughRun run;
        Histogram stalls;
        try (StallMeter stallMeter = new StallMeter()) {
            run = new Baselines(bootstrapServers, options.partitions).passThroughLatency(measured.records(), rate,
                    "bench-latency-baseline-" + System.currentTimeMillis(), guarantee, options.commitIntervalMs,
                    settings, readerSettings(), options.engineJvm(), work);
            stalls = stallMeter.lateMicros();
        }
        report.latency("  baseline: Kafka Streams pass-through, " + guarantee, run.total());
        report.latency("  baseline: of that, send to handled by the copy", run.toCopy());
        report.latency("  baseline: of that, handled to readable", run.fromCopy());
        report.latency("  baseline: send to acknowledged by the broker", run.acknowledged());
        report.line("  baseline: load generator fell behind by at most", run.worstSendLagMillis() + " ms");
        report.latency("  baseline: machine stalls (1 ms sleeps, how late)", stalls);
    }
}
