package dev.presence.bench.benchmark;

import dev.presence.bench.baseline.Baselines;
import dev.presence.bench.baseline.Baselines.TimedRun;
import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.KafkaInspector;
import dev.presence.bench.cluster.KafkaTarget;
import dev.presence.core.codec.WireFormat;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.Workload;
import dev.presence.bench.load.WorkloadGenerator;
import dev.presence.bench.report.Report;
import dev.presence.bench.run.BenchOptions;
import dev.presence.bench.run.CpuTime;
import dev.presence.core.PresenceNames.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Events per second the engine folds end to end, offered as fast as it takes them, next to a raw
 * pass-through and a plain Streams count over the same records on the same broker in the same run.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "events/s end to end, with raw pass-through and Streams count baselines")
public final class ThroughputBenchmark implements Callable<Integer> {

    @Mixin
    BenchOptions options;

    @Option(names = "--users", defaultValue = "100000", description = "simulated users (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--events", defaultValue = "1000000", description = "events after every client's first login (default ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--format", defaultValue = "AVRO", description = "avro or json, as the gateways write (default ${DEFAULT-VALUE})")
    WireFormat format;

    @Option(names = "--skip-baselines", description = "measure the engine only")
    boolean skipBaselines;

    @Option(names = "--engines", defaultValue = "1", description = "engine processes sharing the work, one application (default ${DEFAULT-VALUE})")
    int engines;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (engines < 1) {
            throw new ParameterException(spec.commandLine(), "--engines must be 1 or more, not " + engines);
        }
        Workload workload = new WorkloadGenerator(users, format, options.seed, false)
                .generate(events, WorkloadGenerator.Mix.realistic());
        Path work = options.workDir("throughput");
        Report report = new Report("throughput");
        try (KafkaTarget kafka = KafkaTarget.open(options.bootstrap(), work)) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("kafka", kafka.describe());
            shown.put("users", String.format(Locale.ROOT, "%,d", users));
            shown.put("records", String.format(Locale.ROOT, "%,d (%.0f bytes on average, key + value, %s)",
                    workload.records().size(), workload.averageRecordBytes(), format.name().toLowerCase(Locale.ROOT)));
            shown.put("mix", workload.describeMix());
            shown.put("engine processes", engines);
            shown.putAll(options.describe());
            report.header(shown);

            long n = workload.records().size();
            double raw = 0;
            TimedRun count = null;
            if (!skipBaselines) {
                Baselines baselines = new Baselines(kafka.bootstrapServers(), options.partitions);
                raw = baselines.rawPassThrough(workload.records(), "bench.raw-" + System.currentTimeMillis());
                report.rate("raw pass-through (producer -> consumer)", n, raw);
                count = baselines.streamsCount(workload.records(), "bench.count-input-" + System.currentTimeMillis(),
                        "bench-count-" + System.currentTimeMillis(), options.guarantee, options.commitIntervalMs,
                        options.engineJvm(), work);
                report.rate("Streams groupByKey().count()", n, count.seconds());
                report.line("Streams count: CPU per record", cpuPerRecord(count, n));
            }
            TimedRun engine = engineRun(kafka, workload, work, report);
            report.rate("presence engine (end to end)", n, engine.seconds());
            report.line("engine: CPU per record", cpuPerRecord(engine, n));
            if (count != null) {
                report.line("engine / raw pass-through", String.format(Locale.ROOT, "%.3f", raw / engine.seconds()));
                report.line("engine / Streams count", String.format(Locale.ROOT, "%.3f", count.seconds() / engine.seconds()));
                report.line("engine / Streams count, by CPU per record", String.format(Locale.ROOT, "%.3f",
                        (double) count.cpu().toNanos() / engine.cpu().toNanos()));
            }
        }
        return 0;
    }

    /** The process's CPU time (every thread, JIT and GC included) over the records it took, in microseconds. */
    private static String cpuPerRecord(TimedRun run, long records) {
        return String.format(Locale.ROOT, "%.1f µs (%.1f s of CPU)", run.cpu().toNanos() / 1e3 / records,
                run.cpu().toNanos() / 1e9);
    }

    /** The CPU time the engine's processes have used so far, together. */
    private static Duration cpuOf(List<EngineProcess> instances) {
        return instances.stream().map(engine -> CpuTime.of(engine.pid())).reduce(Duration.ZERO, Duration::plus);
    }

    private TimedRun engineRun(KafkaTarget kafka, Workload workload, Path work, Report report) {
        String applicationId = "bench-engine-" + System.currentTimeMillis();
        List<EngineProcess> instances = new ArrayList<>();
        try (KafkaInspector inspector = new KafkaInspector(kafka.bootstrapServers());
             LoadProducer producer = new LoadProducer(kafka.bootstrapServers())) {
            for (int i = 1; i <= engines; i++) {
                EngineProcess engine = new EngineProcess(options.engineSettings(kafka.bootstrapServers(), applicationId,
                        Map.of()), options.engineJvm(), work.resolve(engines == 1 ? "engine" : "engine-" + i));
                instances.add(engine);
                engine.start();
            }
            // Every instance RUNNING: the group has settled on all of them before the clock starts.
            for (EngineProcess engine : instances) {
                engine.awaitReady(Duration.ofMinutes(3));
            }
            Duration cpuBefore = cpuOf(instances);
            long start = System.nanoTime();
            producer.sendAll(workload.records());
            double sent = (System.nanoTime() - start) / 1e9;
            if (!inspector.awaitConsumed(applicationId, List.of(Topics.EVENTS, Topics.SUBSCRIPTIONS), Duration.ofMinutes(60))) {
                throw new IllegalStateException("the engine did not consume everything; see " + work);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            report.line("engine: all records written after", String.format(Locale.ROOT, "%.2f s", sent));
            report.line("engine: notifications written", String.format(Locale.ROOT, "%,d offsets",
                    inspector.endOffsetSum(List.of(Topics.NOTIFICATIONS))));
            return new TimedRun(seconds, cpuOf(instances).minus(cpuBefore));
        } finally {
            instances.forEach(EngineProcess::close);
        }
    }
}
