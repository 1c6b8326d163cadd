package dev.presence.bench.clusterdrill;

import dev.presence.bench.cluster.KafkaInspector;
import dev.presence.bench.cluster.TopicTap;
import dev.presence.bench.clusterdrill.QueryLoad.Outcome;
import dev.presence.bench.clusterdrill.Timeline.Moment;
import dev.presence.bench.drill.ExpectedOutcome;
import dev.presence.bench.drill.OutputAudit;
import dev.presence.core.codec.WireFormat;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.Workload;
import dev.presence.bench.load.WorkloadGenerator;
import dev.presence.bench.report.Report;
import dev.presence.bench.run.BenchOptions;
import dev.presence.bench.run.Pause;
import dev.presence.schema.Notification;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceTopics;
import dev.presence.core.settings.SettingsCatalogue;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One drill on a real local cluster ({@code scripts/cluster.sh}): presence traffic written at a
 * steady rate, status queries spread over every engine, a fault struck part-way through; then
 * everything the engines committed held to the reference model (as the single-engine drills do),
 * every query answer checked, and the queries' and notifications' service during the fault reported.
 */
public final class ClusterDrillRunner {

    /** The group every engine of cluster.sh joins: its committed offsets say when the input is consumed. */
    private static final String APPLICATION_ID = "presence-engine";

    /** What a drill is asked to do. */
    public record Plan(String name, int brokers, int engines, int users, long events, int rate, int queryRate,
                       double strikeAt, ClusterFault fault) {
    }

    private final BenchOptions options;

    public ClusterDrillRunner(BenchOptions options) {
        this.options = options;
    }

    /** Runs the drill and prints its report; true when nothing was lost, doubled or answered wrong. */
    public boolean run(Plan plan) throws Exception {
        Path work = options.workDir("cluster-" + plan.name());
        Report report = new Report("cluster drill: " + plan.name());
        Workload load = new WorkloadGenerator(plan.users(), WireFormat.AVRO, options.seed, true)
                .generate(plan.events(), WorkloadGenerator.Mix.presenceOnly());
        ExpectedOutcome expected = ExpectedOutcome.of(load.events());
        Map<String, Long> finalVersions = new TreeMap<>();
        expected.statuses().forEach((user, status) -> finalVersions.put(user, status.version()));
        int strikeIndex = (int) (load.records().size() * plan.strikeAt());

        List<String> settings = new ArrayList<>();
        // The model expects no session timeouts (it never moves its clock), but a starved machine can
        // leave the engines minutes behind the load, long enough for the 400 s heartbeat timeout to
        // fire on the wall clock: a day keeps the check about failures, not about a slow machine.
        Map<String, String> engineSettings = options.engineSettings("", APPLICATION_ID, Map.of());
        if (!engineSettings.containsKey(SettingsCatalogue.HEARTBEAT_TIMEOUT.key())) {
            settings.add(SettingsCatalogue.HEARTBEAT_TIMEOUT.key() + "=" + Duration.ofDays(1).toMillis());
        }
        engineSettings.forEach((key, value) -> {
            if (!key.equals("bootstrap.servers") && !key.equals("application.id")) {
                settings.add(key + "=" + value);
            }
        });
        try (LocalCluster cluster = LocalCluster.up(work.resolve("cluster"), plan.brokers(), plan.engines(), settings,
                String.join(" ", options.engineJvm()))) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("cluster", plan.brokers() + " broker JVMs (KRaft, each broker and controller) at "
                    + cluster.bootstrapServers() + "; " + plan.engines() + " engine JVMs " + cluster.engineUrls());
            shown.put("topics", topicReplication(cluster.bootstrapServers()));
            shown.put("load", String.format(Locale.ROOT, "%,d users, %,d events (%s) at %,d records/s",
                    plan.users(), load.records().size(), load.describeMix(), plan.rate()));
            shown.put("queries", String.format(Locale.ROOT, "%,d status queries/s, random users, round-robin over every engine",
                    plan.queryRate()));
            shown.put("fault", plan.fault().describe() + String.format(Locale.ROOT, ", from record %,d of %,d",
                    strikeIndex, load.records().size()));
            shown.putAll(options.describe());
            shown.put("work dir", work);
            report.header(shown);

            Timeline timeline = new Timeline();
            AtomicBoolean faultUnderWay = new AtomicBoolean();
            Histogram allNotices = new ConcurrentHistogram(3_600_000_000L, 3);
            Histogram noticesDuringFault = new ConcurrentHistogram(3_600_000_000L, 3);
            long start = System.currentTimeMillis();
            long faultEnd;
            QueryLoad queries;
            try (TopicTap<String, Notification> notices = new TopicTap<>(cluster.bootstrapServers(), PresenceTopics.NOTIFICATIONS, false,
                    (record, receivedAt) -> {
                        long micros = Math.max(0, receivedAt - record.timestamp()) * 1000;
                        allNotices.recordValue(micros);
                        if (faultUnderWay.get()) {
                            noticesDuringFault.recordValue(micros);
                        }
                    });
                 QueryLoad queryLoad = new QueryLoad(cluster::engineUrls, finalVersions, plan.queryRate(), options.seed);
                 LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), Duration.ofMinutes(10));
                 KafkaInspector inspector = new KafkaInspector(cluster.bootstrapServers())) {
                queries = queryLoad;
                List<Thread> faults = new ArrayList<>();
                producer.sendAtRate(load.records(), plan.rate(), i -> {
                    if (i == strikeIndex) {
                        Thread fault = new Thread(() -> {
                            faultUnderWay.set(true);
                            try {
                                plan.fault().strike(cluster, timeline);
                            } finally {
                                faultUnderWay.set(false);
                            }
                        }, "fault");
                        fault.start();
                        faults.add(fault);
                    }
                });
                faults.forEach(Timeline::join);
                faultEnd = System.currentTimeMillis();
                if (!inspector.awaitConsumed(APPLICATION_ID, List.of(Topics.EVENTS), Duration.ofMinutes(30))) {
                    report.line("VERDICT", "FAILED: the engines did not consume all input; see " + work);
                    return false;
                }
                report.line("input consumed after", String.format(Locale.ROOT, "%.1f s", (System.currentTimeMillis() - start) / 1e3));
                Pause.millis(3000);
            }
            reportFault(report, timeline, queries, faultEnd);
            report.line("engines that exited by themselves (restarted by cluster.sh's supervisor)",
                    Long.toString(cluster.selfRestarts()));
            reportQueries(report, queries);
            reportMisses(report, timeline, queries.misses());
            report.latency("notification latency, whole run", allNotices);
            report.latency("notification latency while the fault was under way", noticesDuringFault);
            return verdict(report, expected, OutputAudit.read(cluster.bootstrapServers()), queries);
        }
    }

    /** For each strike: how long after it the queries kept getting answers that were not fresh. */
    private static void reportFault(Report report, Timeline timeline, QueryLoad queries, long faultEnd) {
        List<Moment> moments = timeline.moments();
        long first = moments.isEmpty() ? faultEnd : moments.get(0).atMillis();
        for (int i = 0; i < moments.size(); i++) {
            Moment moment = moments.get(i);
            String at = String.format(Locale.ROOT, "+%.1f s (%tT)", (moment.atMillis() - first) / 1e3, moment.atMillis());
            if (!moment.strike()) {
                report.line(at, moment.what());
                continue;
            }
            long until = i + 1 < moments.size() ? moments.get(i + 1).atMillis() : faultEnd;
            String served = queries.lastDegradedBetween(moment.atMillis(), until)
                    .stream().mapToObj(last -> String.format(Locale.ROOT, "answers not fresh until %.1f s after",
                            (last - moment.atMillis()) / 1e3))
                    .findFirst().orElse("every answer fresh");
            long wrong = queries.wrongTimes().stream().filter(t -> t >= moment.atMillis() && t < until).count();
            report.line(at, moment.what() + " (" + served + (wrong > 0 ? "; " + wrong + " answers wrong" : "") + ")");
        }
    }

    private static void reportQueries(Report report, QueryLoad queries) {
        long total = Math.max(1, queries.total());
        for (Outcome outcome : Outcome.values()) {
            report.line("queries " + outcome.name().toLowerCase(Locale.ROOT), String.format(Locale.ROOT, "%,d (%.3f %%)",
                    queries.count(outcome), 100.0 * queries.count(outcome) / total));
        }
        report.line("queries sent on to another engine (first one did not answer)", String.format(Locale.ROOT, "%,d",
                queries.redirected()));
        queries.unavailableReasons().stream().limit(5).forEach(reason -> report.line("  503 because", String.format(
                Locale.ROOT, "%,d x %s", reason.getValue(), reason.getKey())));
        // Counted query by query: the latency histogram also holds the 503s, which are fast.
        report.line("queries answered 200 within 1 s", String.format(Locale.ROOT, "%.3f %%",
                100.0 * (queries.total() - queries.misses().size()) / total));
        report.latency("query latency (all answers)", queries.latencyMicros());
    }

    /**
     * Where the queries not answered 200 within 1 s fell: per moment of the timeline (the last one
     * before each was sent), how many, how they ended, how long after the moment, and which engine
     * each was sent to first.
     */
    private static void reportMisses(Report report, Timeline timeline, List<QueryLoad.Miss> misses) {
        List<Moment> moments = timeline.moments();
        // -1: before the first moment.
        Map<Integer, List<QueryLoad.Miss>> byWindow = new TreeMap<>();
        for (QueryLoad.Miss miss : misses) {
            int window = -1;
            while (window + 1 < moments.size() && moments.get(window + 1).atMillis() <= miss.sentAtMillis()) {
                window++;
            }
            byWindow.computeIfAbsent(window, w -> new ArrayList<>()).add(miss);
        }
        byWindow.forEach((window, inWindow) -> {
            long start = window < 0 ? inWindow.get(0).sentAtMillis() : moments.get(window).atMillis();
            Map<String, Long> how = new TreeMap<>();
            Map<Long, Long> secondAfter = new TreeMap<>();
            Map<String, Long> sentTo = new TreeMap<>();
            for (QueryLoad.Miss miss : inWindow) {
                String outcome = miss.outcome().name().toLowerCase(Locale.ROOT);
                how.merge(miss.millis() > 1000 ? "slow " + outcome : outcome, 1L, Long::sum);
                secondAfter.merge(Math.min(60, (miss.sentAtMillis() - start) / 1000), 1L, Long::sum);
                sentTo.merge(miss.firstEngine() + (miss.enginesAsked() > 1 ? " then " + (miss.enginesAsked() - 1) + " more" : ""),
                        1L, Long::sum);
            }
            String name = window < 0 ? "before the fault" : String.format(Locale.ROOT, "%tT %s", start, moments.get(window).what());
            report.line("  missed 1 s after " + name, String.format(Locale.ROOT, "%,d: %s; by second after it %s; sent to %s",
                    inWindow.size(), how, secondAfter, sentTo));
        });
    }

    private static boolean verdict(Report report, ExpectedOutcome expected, OutputAudit audit, QueryLoad queries) {
        List<String> problems = new ArrayList<>(audit.problems(expected, 20));
        if (queries.wrongCount() > 0) {
            problems.add(queries.wrongCount() + " query answers were wrong, e.g. " + queries.wrongExamples());
        }
        if (!audit.rejectedByCode().isEmpty()) {
            problems.add("valid events were rejected: " + audit.rejectedByCode());
        }
        report.line("users checked against the model", String.format(Locale.ROOT, "%,d", expected.statuses().size()));
        report.line("own notifications checked (versions 1..n)", String.format(Locale.ROOT, "%,d", audit.notificationsChecked()));
        problems.forEach(problem -> report.line("PROBLEM", problem));
        report.line("VERDICT", problems.isEmpty()
                ? "PASSED: nothing lost, nothing duplicated, no query answered wrong" : "FAILED");
        return problems.isEmpty();
    }

    /** Replication and min.insync.replicas of presence.events, as the brokers report them. */
    private static String topicReplication(String bootstrapServers) {
        try (KafkaInspector inspector = new KafkaInspector(bootstrapServers)) {
            int replicas = KafkaInspector.await(inspector.admin().describeTopics(List.of(Topics.EVENTS)).allTopicNames())
                    .get(Topics.EVENTS).partitions().get(0).replicas().size();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
            String minIsr = KafkaInspector.await(inspector.admin().describeConfigs(List.of(resource)).all())
                    .get(resource).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
            return Topics.EVENTS + ": replication " + replicas + ", min.insync.replicas " + minIsr;
        }
    }
}
