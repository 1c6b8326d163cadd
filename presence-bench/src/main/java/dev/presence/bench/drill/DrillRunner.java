package dev.presence.bench.drill;

import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.KafkaInspector;
import dev.presence.bench.cluster.KafkaTarget;
import dev.presence.core.codec.WireFormat;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.Outgoing;
import dev.presence.bench.load.Workload;
import dev.presence.bench.load.WorkloadGenerator;
import dev.presence.bench.report.Report;
import dev.presence.bench.run.BenchOptions;
import dev.presence.core.PresenceNames.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One fault drill: valid presence traffic (and, if asked, bad records among it) written at a steady
 * rate to an engine in its own JVM, a disruption struck part-way through, then everything the engine
 * committed checked against the reference model and the bad records' expected rejections.
 */
public final class DrillRunner {

    /** What a drill is asked to do. */
    public record Plan(String name, int users, long events, int badRecords, int rate, double strikeAt,
                       Disruption disruption) {
    }

    private final BenchOptions options;

    public DrillRunner(BenchOptions options) {
        this.options = options;
    }

    /** Runs the drill and prints its verdict; true when the engine did exactly what the model says. */
    public boolean run(Plan plan) throws Exception {
        Path work = options.workDir(plan.name());
        Report report = new Report("drill: " + plan.name());
        Workload valid = new WorkloadGenerator(plan.users(), WireFormat.AVRO, options.seed, true)
                .generate(plan.events(), WorkloadGenerator.Mix.presenceOnly());
        ExpectedOutcome expected = ExpectedOutcome.of(valid.events());
        BadRecords bad = new BadRecords(plan.badRecords(), plan.users(), options.seed + 1);
        List<Outgoing> records = BadRecords.interleave(valid.records(), bad.records());
        int strikeIndex = (int) (records.size() * plan.strikeAt());
        String applicationId = "drill-" + plan.name() + "-" + System.currentTimeMillis();

        try (KafkaTarget kafka = KafkaTarget.open(options.bootstrap(), work);
             EngineProcess engine = new EngineProcess(options.engineSettings(kafka.bootstrapServers(), applicationId,
                     Map.of()), options.engineJvm(), work.resolve("engine"))) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("kafka", kafka.describe());
            shown.put("load", String.format(Locale.ROOT, "%,d users, %,d valid events (%s), %,d bad records, at %,d records/s",
                    plan.users(), valid.records().size(), valid.describeMix(), plan.badRecords(), plan.rate()));
            shown.put("disruption", plan.disruption().describe() + String.format(Locale.ROOT, ", after %,d of %,d records",
                    strikeIndex, records.size()));
            shown.putAll(options.describe());
            shown.put("work dir", work);
            report.header(shown);

            engine.start();
            engine.awaitReady(Duration.ofMinutes(3));
            List<Thread> strikes = new ArrayList<>();
            long start = System.nanoTime();
            try (LoadProducer producer = new LoadProducer(kafka.bootstrapServers(), Duration.ofMinutes(10))) {
                producer.sendAtRate(records, plan.rate(), i -> {
                    if (i == strikeIndex) {
                        Thread strike = new Thread(() -> plan.disruption().strike(kafka, engine), "disruption");
                        strike.start();
                        strikes.add(strike);
                    }
                });
                for (Thread strike : strikes) {
                    strike.join();
                }
            }
            try (KafkaInspector inspector = new KafkaInspector(kafka.bootstrapServers())) {
                if (!inspector.awaitConsumed(applicationId, List.of(Topics.EVENTS), Duration.ofMinutes(30))) {
                    report.line("VERDICT", "FAILED: the engine did not consume all input; see " + work);
                    return false;
                }
            }
            report.line("input consumed after", String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
            OutputAudit audit = OutputAudit.read(kafka.bootstrapServers());
            return verdict(report, expected, bad, audit);
        }
    }

    private static boolean verdict(Report report, ExpectedOutcome expected, BadRecords bad, OutputAudit audit) {
        List<String> problems = new ArrayList<>(audit.problems(expected, 20));
        Map<Integer, Long> wantCodes = new TreeMap<>(bad.expectedCodes());
        Map<Integer, Long> gotCodes = new TreeMap<>(audit.rejectedByCode());
        if (expected.predictedRejections() > 0) {
            problems.add("the valid load was expected to have no refusals, the model predicts " + expected.predictedRejections());
        }
        if (!wantCodes.equals(gotCodes)) {
            problems.add("presence.rejected by error code: expected " + wantCodes + ", got " + gotCodes);
        }
        long missing = bad.missingFrom(audit.rejected());
        if (missing > 0) {
            problems.add(missing + " bad records are not in presence.rejected byte for byte");
        }
        report.line("users checked against the model", String.format(Locale.ROOT, "%,d", expected.statuses().size()));
        report.line("own notifications checked (versions 1..n)", String.format(Locale.ROOT, "%,d", audit.notificationsChecked()));
        report.line("rejected records", String.format(Locale.ROOT, "%,d by code %s", audit.rejected().size(), gotCodes));
        problems.forEach(problem -> report.line("PROBLEM", problem));
        report.line("VERDICT", problems.isEmpty() ? "PASSED: nothing lost, nothing duplicated, every bad record rejected"
                : "FAILED");
        return problems.isEmpty();
    }
}
