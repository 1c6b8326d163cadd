package dev.presence.bench.fuzz;

import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.KafkaInspector;
import dev.presence.bench.cluster.KafkaTarget;
import dev.presence.bench.drill.ExpectedOutcome;
import dev.presence.bench.drill.OutputAudit;
import dev.presence.core.codec.WireFormat;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.Outgoing;
import dev.presence.bench.load.Workload;
import dev.presence.bench.load.WorkloadGenerator;
import dev.presence.bench.report.Report;
import dev.presence.bench.run.BenchOptions;
import dev.presence.client.PresenceException;
import dev.presence.client.http.Answers.LiveSettings;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Topics;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fuzz drill: mutants of every input topic, in both encodings, written among a valid load to an
 * engine in its own JVM. The engine must stay up throughout (its process alive, /health/live 200),
 * apply every valid event exactly as the reference model says, reject every mutant that breaks the
 * contract for certain (matched by topic, partition and offset), never answer 70099 INTERNAL, and
 * keep the live settings it started with whatever lands on presence.config.
 */
public final class FuzzDrill {

    /** What a run is asked to do; {@code exclude}: mutant kinds containing one of these texts are not written. */
    public record Plan(int users, long events, long mutants, int rate, int fuzzUsers, List<String> exclude) {
    }

    private static final List<String> USER_TOPICS = List.of(Topics.EVENTS, Topics.SUBSCRIPTIONS, Topics.FRIENDSHIPS);
    /** Longer than any run: the model's clock never moves, so no session may time out meanwhile. */
    private static final String HEARTBEAT_TIMEOUT_MS = Long.toString(Duration.ofHours(6).toMillis());
    private static final int DEFAULT_BROKER_LIMIT = 1_048_588;

    private final BenchOptions options;

    public FuzzDrill(BenchOptions options) {
        this.options = options;
    }

    public boolean run(Plan plan) throws Exception {
        Path work = options.workDir("fuzz");
        Report report = new Report("drill: fuzz");
        Workload valid = new WorkloadGenerator(plan.users(), WireFormat.AVRO, options.seed, true)
                .generate(plan.events(), WorkloadGenerator.Mix.presenceOnly());
        ExpectedOutcome expected = ExpectedOutcome.of(valid.events());
        String applicationId = "drill-fuzz-" + System.currentTimeMillis();
        WrittenLedger ledger = new WrittenLedger();
        List<String> problems = new ArrayList<>();

        try (KafkaTarget kafka = KafkaTarget.open(options.bootstrap(), work);
             EngineProcess engine = new EngineProcess(options.engineSettings(kafka.bootstrapServers(), applicationId,
                     Map.of("presence.heartbeat.timeout.ms", HEARTBEAT_TIMEOUT_MS)), options.engineJvm(), work.resolve("engine"))) {
            engine.start();
            engine.awaitReady(Duration.ofMinutes(3));
            int brokerLimit;
            try (KafkaInspector inspector = new KafkaInspector(kafka.bootstrapServers())) {
                brokerLimit = recordLimit(inspector);
            }
            MutantGenerator mutants = new MutantGenerator(options.seed + 1, plan.mutants(), plan.fuzzUsers(), brokerLimit);

            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("kafka", kafka.describe());
            shown.put("load", String.format(Locale.ROOT, "%,d users, %,d valid events (%s), %,d mutants (seed %d), at %,d records/s",
                    plan.users(), valid.records().size(), valid.describeMix(), plan.mutants(), options.seed + 1, plan.rate()));
            shown.put("mutants' users", String.format(Locale.ROOT, "%,d ids fz-0 .. fz-%d (the valid users are user-...)",
                    plan.fuzzUsers(), plan.fuzzUsers() - 1));
            shown.put("broker record limit", String.format(Locale.ROOT, "%,d bytes (max.message.bytes of %s)", brokerLimit, Topics.EVENTS));
            shown.put("engine settings of the drill", "presence.heartbeat.timeout.ms=" + HEARTBEAT_TIMEOUT_MS);
            if (!plan.exclude().isEmpty()) {
                shown.put("mutant kinds left out", plan.exclude());
            }
            shown.putAll(options.describe());
            shown.put("work dir", work);
            report.header(shown);

            long start = System.nanoTime();
            try (EngineWatch watch = new EngineWatch(engine)) {
                long sent = write(plan, valid.records(), mutants, ledger, kafka.bootstrapServers(), watch, problems);
                report.line("records written", String.format(Locale.ROOT, "%,d in %.1f s", sent, (System.nanoTime() - start) / 1e9));
                boolean consumed = awaitConsumed(kafka.bootstrapServers(), applicationId, watch);
                report.line(consumed ? "input consumed after" : "input NOT consumed; gave up after",
                        String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
                if (!consumed) {
                    problems.add("the engine did not consume all input" + (watch.exited() ? " (its process exited)" : ""));
                }
                OutputAudit audit = OutputAudit.read(kafka.bootstrapServers());
                problems.addAll(audit.problems(expected, 20));
                RejectionAudit rejections = new RejectionAudit(ledger);
                RejectedReader.Result read = RejectedReader.read(kafka.bootstrapServers(), Duration.ofMinutes(10), rejections::add);
                report.line("presence.rejected read (read_committed)", String.format(Locale.ROOT,
                        "%,d records, %,d not a RejectedRecord, %,d past the last stable offset", read.records(),
                        read.unreadable(), read.hiddenByOpenTransaction()));
                if (read.unreadable() > 0) {
                    problems.add(read.unreadable() + " records of presence.rejected are not RejectedRecords");
                }
                if (read.hiddenByOpenTransaction() > 0) {
                    problems.add(read.hiddenByOpenTransaction() + " records of presence.rejected stay invisible to read_committed "
                            + "readers: a transaction of the engine stays open on it");
                }
                settingsInForce(engine, problems);
                int finalLive = finalLiveness(watch);
                report.line("users checked against the model", String.format(Locale.ROOT, "%,d", expected.statuses().size()));
                report.line("own notifications checked (versions 1..n)", String.format(Locale.ROOT, "%,d", audit.notificationsChecked()));
                printRejections(report, rejections, problems);
                for (RejectionAudit.Place missed : rejections.places(Expectation.MUST_REJECT, false, 5)) {
                    report.line("not rejected: " + missed, RecordFetcher.describe(kafka.bootstrapServers(),
                            missed.topic(), missed.partition(), missed.offset()));
                }
                report.line("/health/live looks", watch.answers() + " (status: looks; -1 no answer in 5 s, 0 process gone)");
                report.line("/health/live at the end", Integer.toString(finalLive));
                if (watch.exited()) {
                    problems.add("the engine process exited; its log: " + engine.log());
                    logTail(engine.log()).forEach(line -> report.line("engine log (errors)", line));
                } else if (!watch.neverFailed() || finalLive != 200) {
                    problems.add("/health/live answered other than 200 during or after the run: " + watch.answers());
                }
            }
            if (expected.predictedRejections() > 0) {
                problems.add("the valid load was expected to have no refusals, the model predicts " + expected.predictedRejections());
            }
        }
        problems.forEach(problem -> report.line("PROBLEM", problem));
        report.line("VERDICT", problems.isEmpty()
                ? "PASSED: the engine stayed up, every valid event applied, every broken record rejected with a code"
                : "FAILED");
        return problems.isEmpty();
    }

    /** Valid records and mutants interleaved evenly at the plan's rate; stops early if the engine exits. */
    private static long write(Plan plan, List<Outgoing> valid, MutantGenerator mutants, WrittenLedger ledger,
                              String bootstrap, EngineWatch watch, List<String> problems) {
        long total = valid.size() + plan.mutants();
        long v = 0;
        long m = 0;
        long begin = System.nanoTime();
        try (LoadProducer producer = new LoadProducer(bootstrap, Duration.ofMinutes(10), 2 * 1024 * 1024)) {
            for (long i = 0; i < total; i++) {
                long due = begin + (long) (i * (1e9 / plan.rate()));
                long now = System.nanoTime();
                if (due > now) {
                    sleepNanos(due - now);
                }
                if (i % 10_000 == 0 && watch.exited()) {
                    problems.add(String.format(Locale.ROOT, "the engine exited while records were written; stopped after %,d of %,d", i, total));
                    producer.flush();
                    return i;
                }
                boolean mutant = m < plan.mutants() && (v >= valid.size() || m * valid.size() <= v * plan.mutants());
                Outgoing record;
                int kind;
                if (mutant) {
                    Mutant next = nextIncluded(mutants, plan.exclude());
                    record = next.record();
                    kind = ledger.kindIndex(new WrittenLedger.Kind(next.kind(), next.expectation()));
                    m++;
                } else {
                    record = valid.get((int) v++);
                    kind = WrittenLedger.VALID;
                }
                producer.send(record.topic(), record, System.currentTimeMillis(),
                        meta -> ledger.written(meta.topic(), meta.partition(), meta.offset(), kind));
            }
            try {
                producer.flush();
            } catch (IllegalStateException e) {
                problems.add("the bench could not write every record (" + e.getMessage() + ": " + e.getCause() + ")");
            }
        }
        return total;
    }

    private static Mutant nextIncluded(MutantGenerator mutants, List<String> exclude) {
        while (true) {
            Mutant next = mutants.next();
            if (exclude.stream().noneMatch(next.kind()::contains)) {
                return next;
            }
        }
    }

    /** Waits until the engine's group has committed every input record, while its process lives (at most 30 min). */
    private static boolean awaitConsumed(String bootstrap, String applicationId, EngineWatch watch) {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        try (KafkaInspector inspector = new KafkaInspector(bootstrap)) {
            while (System.nanoTime() < deadline && !watch.exited()) {
                if (inspector.awaitConsumed(applicationId, USER_TOPICS, Duration.ofSeconds(5))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every live setting in force must still be its start-up value: no mutant may change one. */
    private static void settingsInForce(EngineProcess engine, List<String> problems) {
        LiveSettings settings;
        try {
            settings = engine.client().settings();
        } catch (PresenceException e) {
            problems.add("GET /v1/admin/settings did not answer at the end: " + e.getMessage());
            return;
        }
        if (!settings.settings().equals(settings.startup())) {
            problems.add("live settings in force differ from the start-up ones after the config mutants: in force "
                    + settings.settings() + ", start-up " + settings.startup());
        }
    }


    private static int finalLiveness(EngineWatch watch) {
        int status = -1;
        for (int attempt = 0; attempt < 10 && status == -1; attempt++) {
            status = watch.check();
        }
        return status;
    }

    private static void printRejections(Report report, RejectionAudit audit, List<String> problems) {
        report.line("presence.rejected by error code", "");
        audit.codes().forEach((code, count) -> report.line("  " + code + " " + codeName(code), String.format(Locale.ROOT, "%,d", count)));
        report.line("rejections by kind of record", "written / rejected / not rejected  codes");
        List<RejectionAudit.Row> rows = new ArrayList<>(audit.rows());
        rows.sort(java.util.Comparator.comparing((RejectionAudit.Row row) -> row.kind().expectation())
                .thenComparing(row -> row.kind().name()));
        for (RejectionAudit.Row row : rows) {
            report.line("  [" + tag(row.kind().expectation()) + "] " + row.kind().name(), String.format(Locale.ROOT,
                    "%,d / %,d / %,d  %s", row.written(), row.rejected(), row.notRejected(), row.codes()));
        }
        long[] must = audit.totals(Expectation.MUST_REJECT);
        long[] either = audit.totals(Expectation.EITHER);
        long[] config = audit.totals(Expectation.CONFIG);
        long[] valid = audit.totals(Expectation.VALID);
        report.line("mutants that must be rejected", String.format(Locale.ROOT, "%,d written, %,d rejected", must[0], must[1]));
        report.line("mutants that may be valid", String.format(Locale.ROOT, "%,d written, %,d rejected, %,d applied or ignored",
                either[0], either[1], either[0] - either[1]));
        report.line("config mutants (no rejection path)", String.format(Locale.ROOT, "%,d written, %,d rejected", config[0], config[1]));
        report.line("valid records rejected", String.format(Locale.ROOT, "%,d of %,d", valid[1], valid[0]));
        report.line("70099 INTERNAL rejections", String.format(Locale.ROOT, "%,d", audit.internal()));
        report.line("rejections of records the drill did not write", audit.notOurs().toString());
        if (must[1] < must[0]) {
            problems.add(String.format(Locale.ROOT, "%,d mutants that break the contract are not in presence.rejected, e.g. %s",
                    must[0] - must[1], audit.places(Expectation.MUST_REJECT, false, 5)));
        }
        if (valid[1] > 0) {
            problems.add(String.format(Locale.ROOT, "%,d valid records were rejected, e.g. %s", valid[1],
                    audit.places(Expectation.VALID, true, 5)));
        }
        if (audit.duplicates() > 0) {
            problems.add(String.format(Locale.ROOT, "%,d records were rejected more than once", audit.duplicates()));
        }
        if (audit.internal() > 0) {
            problems.add(String.format(Locale.ROOT, "%,d rejections with 70099 INTERNAL (an engine bug each), e.g. %s",
                    audit.internal(), audit.internalReasons()));
        }
    }

    private static String tag(Expectation expectation) {
        return switch (expectation) {
            case VALID -> "valid";
            case MUST_REJECT -> "must reject";
            case EITHER -> "either";
            case CONFIG -> "config";
        };
    }

    private static String codeName(int code) {
        for (ErrorCode known : ErrorCode.values()) {
            if (known.code() == code) {
                return known.name();
            }
        }
        return "(unknown code)";
    }

    /** The broker's limit for one record on the events topic (its max.message.bytes), or Kafka's default. */
    private static int recordLimit(KafkaInspector inspector) {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
        Config config = KafkaInspector.await(inspector.admin().describeConfigs(Set.of(topic)).all()).get(topic);
        return config == null || config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG) == null ? DEFAULT_BROKER_LIMIT
                : Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
    }

    /** The lines of the engine's log that say why it stopped: errors and their causes, each once, at most 12. */
    static List<String> logTail(Path log) {
        try {
            String text = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8);
            List<String> telling = text.lines()
                    .map(line -> line.length() > 300 ? line.substring(0, 300) + "..." : line)
                    .filter(line -> line.contains(" ERROR ") || line.startsWith("Caused by:")
                            || line.startsWith("java.lang.OutOfMemoryError"))
                    .map(line -> line.replaceFirst("^\\d\\d:\\d\\d:\\S+ ", ""))
                    .distinct().toList();
            return telling.subList(0, Math.min(12, telling.size()));
        } catch (IOException e) {
            return List.of("cannot read " + log + ": " + e.getMessage());
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
