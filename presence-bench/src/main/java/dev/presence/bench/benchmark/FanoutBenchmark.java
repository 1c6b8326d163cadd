package dev.presence.bench.benchmark;

import dev.presence.bench.run.Pause;
import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.KafkaTarget;
import dev.presence.bench.cluster.TopicTap;
import dev.presence.client.InputRecords;
import dev.presence.core.codec.WireFormat;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.Outgoing;
import dev.presence.bench.report.Report;
import dev.presence.bench.run.BenchOptions;
import dev.presence.schema.ChangeReason;
import dev.presence.schema.EventType;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.StatusView;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceTopics;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;

/**
 * One user with many subscribers changes status: how fast do its notifications go out, and what
 * latency do unrelated users of the same partition see meanwhile (the bounded, resumable fan-out
 * is meant to keep them flowing)?
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "notifications/s for one user with many watchers; p99 of neighbours on its partition")
public final class FanoutBenchmark implements Callable<Integer> {

    /** Built once: the neighbours' and the celebrity's events are encoded as they are sent. */
    private static final InputRecords AVRO = InputRecords.writtenAs(WireFormat.AVRO);

    private static final String CELEBRITY = "celebrity";

    @Mixin
    BenchOptions options;

    @Option(names = "--watchers", defaultValue = "100000", description = "subscribers of the one user (default ${DEFAULT-VALUE})")
    int watchers;

    @Option(names = "--changes", defaultValue = "3", description = "status changes of that user, sent at once (default ${DEFAULT-VALUE})")
    int changes;

    @Option(names = "--neighbours", defaultValue = "200", description = "unrelated users on the same partition (default ${DEFAULT-VALUE})")
    int neighbours;

    @Option(names = "--neighbour-rate", defaultValue = "200", description = "their status changes per second (default ${DEFAULT-VALUE})")
    int neighbourRate;

    @Option(names = "--fanout-per-turn", description = "presence.fanout.per.turn for the run (default: the engine's)")
    Integer fanoutPerTurn;

    @Override
    public Integer call() throws Exception {
        Path work = options.workDir("fanout");
        Report report = new Report("fanout");
        Map<String, String> overrides = new LinkedHashMap<>();
        if (fanoutPerTurn != null) {
            overrides.put("presence.fanout.per.turn", fanoutPerTurn.toString());
        }
        String applicationId = "bench-fanout-" + System.currentTimeMillis();
        try (KafkaTarget kafka = KafkaTarget.open(options.bootstrap(), work);
             LoadProducer producer = new LoadProducer(kafka.bootstrapServers());
             EngineProcess engine = new EngineProcess(options.engineSettings(kafka.bootstrapServers(), applicationId,
                     overrides), options.engineJvm(), work.resolve("engine"))) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("kafka", kafka.describe());
            shown.put("watchers", String.format(Locale.ROOT, "%,d subscribers of one user, %d changes of it", watchers, changes));
            shown.put("neighbours", neighbours + " users on the same partition, " + neighbourRate + " status changes/s");
            shown.put("fan-out settings", overrides.isEmpty() ? "engine defaults (presence.fanout.per.turn=1000, interval 100 ms)" : overrides);
            shown.putAll(options.describe());
            report.header(shown);
            engine.start();
            engine.awaitReady(Duration.ofMinutes(3));

            List<String> sameParition = neighboursOf(CELEBRITY);
            AtomicLong snapshots = new AtomicLong();
            AtomicLong celebrityNotices = new AtomicLong();
            // A change that arrives while the previous one is still fanning out replaces any change queued
            // behind it (watchers may skip a version, never go back): so the fan-out is complete when the
            // celebrity has heard its last change and every watcher has heard that same version.
            AtomicLong ownChanges = new AtomicLong();
            AtomicLong lastVersion = new AtomicLong(-1);
            Map<Long, AtomicLong> watchersAtVersion = new ConcurrentHashMap<>();
            AtomicReference<Histogram> neighbourLatency = new AtomicReference<>(new ConcurrentHistogram(3_600_000_000L, 3));
            try (TopicTap<String, Notification> tap = new TopicTap<>(kafka.bootstrapServers(), PresenceTopics.NOTIFICATIONS, true,
                    (record, receivedAt) -> {
                for (StatusView change : record.value().getChanges()) {
                    if (change.getUserId().equals(CELEBRITY)) {
                        if (change.getReason() == ChangeReason.SNAPSHOT) {
                            snapshots.incrementAndGet();
                            continue;
                        }
                        celebrityNotices.incrementAndGet();
                        if (record.key().equals(CELEBRITY)) {
                            ownChanges.incrementAndGet();
                            lastVersion.accumulateAndGet(change.getVersion(), Math::max);
                        } else {
                            watchersAtVersion.computeIfAbsent(change.getVersion(), v -> new AtomicLong()).incrementAndGet();
                        }
                    } else if (record.key().equals(change.getUserId()) && change.getUserId().startsWith("neighbour-")) {
                        neighbourLatency.get().recordValue(Math.max(0, receivedAt - record.timestamp()) * 1000);
                    }
                }
            })) {
                List<Outgoing> setup = new ArrayList<>();
                sameParition.forEach(n -> setup.add(event(login(n, "s0"))));
                for (int i = 0; i < watchers; i++) {
                    String fan = String.format("fan-%07d", i);
                    setup.add(Outgoing.of(AVRO.subscription(SubscriptionCommand.newBuilder()
                            .setType(SubscriptionCommandType.SUBSCRIBE).setUserId(fan).setTargets(List.of(CELEBRITY)).build())));
                }
                producer.sendAll(setup);
                if (!TopicTap.await(() -> snapshots.get() >= watchers, Duration.ofMinutes(30))) {
                    throw new IllegalStateException("only " + snapshots.get() + " subscription snapshots arrived");
                }
                report.line("subscriptions in place", String.format(Locale.ROOT, "%,d snapshots received", snapshots.get()));

                AtomicBoolean neighboursRun = new AtomicBoolean(true);
                Thread neighbourLoad = new Thread(() -> toggleNeighbours(sameParition, producer, neighboursRun), "neighbours");
                neighbourLoad.start();
                Pause.millis(5_000);
                Histogram quiet = neighbourLatency.getAndSet(new ConcurrentHistogram(3_600_000_000L, 3));

                long start = System.nanoTime();
                List<PresenceEvent> celebrity = List.of(login(CELEBRITY, "s1"),
                        PresenceEvent.newBuilder().setType(EventType.SET_CUSTOM_STATUS).setUserId(CELEBRITY)
                                .setCustomStatus("on stage").build(),
                        PresenceEvent.newBuilder().setType(EventType.DISCONNECT).setUserId(CELEBRITY)
                                .setClientId("c0").setSessionId("s1").build());
                for (int i = 0; i < changes; i++) {
                    producer.send(Topics.EVENTS, event(celebrity.get(i % celebrity.size())), System.currentTimeMillis());
                }
                producer.flush();
                int expectedChanges = Math.min(changes, celebrity.size());
                boolean done = TopicTap.await(() -> ownChanges.get() >= expectedChanges
                        && watchersAtVersion.getOrDefault(lastVersion.get(), new AtomicLong()).get() >= watchers,
                        Duration.ofMinutes(30));
                double seconds = (System.nanoTime() - start) / 1e9;
                Histogram during = neighbourLatency.getAndSet(new ConcurrentHistogram(3_600_000_000L, 3));
                neighboursRun.set(false);
                neighbourLoad.join();
                report.rate("fan-out notifications" + (done ? "" : " (INCOMPLETE)"), celebrityNotices.get(), seconds);
                report.line("watcher notifications spared", String.format(Locale.ROOT,
                        "%,d (changes that arrived while one was fanning out, replaced by the latest)",
                        (long) watchers * expectedChanges - (celebrityNotices.get() - ownChanges.get())));
                report.latency("neighbours before the fan-out", quiet);
                report.latency("neighbours during the fan-out", during);
            }
        }
        return 0;
    }

    /** Disconnects and logs in again, in turns, each a status change with a self notification. */
    private void toggleNeighbours(List<String> users, LoadProducer producer, AtomicBoolean running) {
        long sent = 0;
        long start = System.nanoTime();
        while (running.get()) {
            String user = users.get((int) (sent % users.size()));
            long round = sent / users.size();
            String session = "s" + round;
            PresenceEvent event = round % 2 == 0
                    ? PresenceEvent.newBuilder().setType(EventType.DISCONNECT).setUserId(user).setClientId("c0")
                            .setSessionId("s" + (round == 0 ? 0 : round - 1)).build()
                    : login(user, session);
            producer.send(Topics.EVENTS, event(event), System.currentTimeMillis());
            sent++;
            long due = start + (long) (sent * 1e9 / neighbourRate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Pause.millis(wait / 1_000_000);
            }
        }
        producer.flush();
    }

    private List<String> neighboursOf(String user) {
        int partition = partitionOf(user);
        List<String> found = new ArrayList<>();
        for (int i = 0; found.size() < neighbours; i++) {
            String candidate = "neighbour-" + i;
            if (partitionOf(candidate) == partition) {
                found.add(candidate);
            }
        }
        return found;
    }

    /** The default partitioner's choice, which the engine's topics all share. */
    private int partitionOf(String key) {
        return InputRecords.partitionOf(key, options.partitions);
    }

    private static PresenceEvent login(String user, String session) {
        return PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId(user).setClientId("c0")
                .setSessionId(session).setPlatform(Platform.IOS).build();
    }

    private static Outgoing event(PresenceEvent event) {
        return Outgoing.of(AVRO.event(event));
    }
}
