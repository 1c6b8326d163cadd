package dev.presence.bench.benchmark;

import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.KafkaInspector;
import dev.presence.bench.cluster.KafkaTarget;
import dev.presence.bench.cluster.TopicTap;
import dev.presence.client.InputRecords;
import dev.presence.core.codec.WireFormat;
import dev.presence.bench.load.LoadProducer;
import dev.presence.bench.load.Outgoing;
import dev.presence.bench.load.WorkloadGenerator;
import dev.presence.bench.report.Report;
import dev.presence.bench.run.BenchOptions;
import dev.presence.schema.ChangeReason;
import dev.presence.schema.EventType;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
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
import java.util.concurrent.Callable;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How late after its deadline an idle session is declared timed out: sessions log in and never
 * beat again, under a short heartbeat timeout for the run. Lateness is measured twice: when the
 * engine decided (the SESSION_TIMED_OUT event's time) and when the TIMEOUT notification was readable.
 * Other users' traffic warms the engine up first (a cold engine spends its first seconds compiling its
 * code, a few milliseconds a record, which is not what a timeout costs in a running deployment), and can
 * go on at a fixed rate meanwhile, so that the sessions time out on a busy engine.
 */
@Command(name = "timeout", mixinStandardHelpOptions = true,
        description = "lateness of timeout decisions after the heartbeat deadline, as a distribution")
public final class TimeoutBenchmark implements Callable<Integer> {

    /** The measured sessions' users; the background traffic's users are named otherwise. */
    private static final String IDLE_PREFIX = "idle-";

    @Mixin
    BenchOptions options;

    @Option(names = "--sessions", defaultValue = "5000", description = "idle sessions (default ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--timeout-ms", defaultValue = "5000", description = "presence.heartbeat.timeout.ms for the run (default ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--spread-seconds", defaultValue = "10", description = "logins spread over this long (default ${DEFAULT-VALUE})")
    int spreadSeconds;

    @Option(names = "--background-rate", defaultValue = "0",
            description = "events/s of other users' ordinary traffic (logins, heartbeats, custom statuses, subscriptions) "
                    + "sent to the same engine while the sessions time out (default ${DEFAULT-VALUE}: none)")
    int backgroundRate;

    @Option(names = "--other-users", defaultValue = "1000",
            description = "users of the warm-up and background traffic; with background traffic, few enough for its rate that each beats well within the timeout, or their sessions time out too (default ${DEFAULT-VALUE})")
    int otherUsers;

    @Option(names = "--warm-up-events", defaultValue = "20000",
            description = "events of other users' traffic processed before the measured logins, so that the engine is warm (default ${DEFAULT-VALUE}; 0: a cold engine)")
    long warmUpEvents;

    @Override
    public Integer call() throws Exception {
        Path work = options.workDir("timeout");
        Report report = new Report("timeout accuracy");
        String applicationId = "bench-timeout-" + System.currentTimeMillis();
        Map<String, String> overrides = Map.of("presence.heartbeat.timeout.ms", Long.toString(timeoutMs));
        try (KafkaTarget kafka = KafkaTarget.open(options.bootstrap(), work);
             LoadProducer producer = new LoadProducer(kafka.bootstrapServers());
             KafkaInspector inspector = new KafkaInspector(kafka.bootstrapServers());
             OtherUsers others = new OtherUsers(kafka.bootstrapServers(), otherUsers, options.seed);
             EngineProcess engine = new EngineProcess(options.engineSettings(kafka.bootstrapServers(), applicationId,
                     overrides), options.engineJvm(), work.resolve("engine"))) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("kafka", kafka.describe());
            shown.put("sessions", String.format(Locale.ROOT, "%,d idle sessions, logins spread over %d s", sessions, spreadSeconds));
            shown.put("heartbeat timeout", timeoutMs + " ms");
            shown.put("warm-up", warmUpEvents == 0 ? "none (a cold engine)" : String.format(Locale.ROOT,
                    "%,d events of %,d other users, processed before the measured logins", warmUpEvents, otherUsers));
            shown.put("background traffic", backgroundRate == 0 ? "none" : String.format(Locale.ROOT,
                    "%,d events/s of the other users while the sessions time out", backgroundRate));
            shown.putAll(options.describe());
            report.header(shown);
            engine.start();
            engine.awaitReady(Duration.ofMinutes(3));
            if (warmUpEvents > 0) {
                others.warmUp(warmUpEvents);
                if (!inspector.awaitConsumed(applicationId, List.of(Topics.EVENTS, Topics.SUBSCRIPTIONS), Duration.ofMinutes(10))) {
                    throw new IllegalStateException("the engine did not consume the warm-up within 10 minutes");
                }
            }
            others.startAtRate(backgroundRate);

            Histogram decided = new ConcurrentHistogram(3_600_000_000L, 3);
            Histogram decisionReadable = new ConcurrentHistogram(3_600_000_000L, 3);
            Map<String, Long> deadlines = new ConcurrentHashMap<>();
            Map<String, Long> decidedAt = new ConcurrentHashMap<>();
            Map<String, Long> decisionReadAt = new ConcurrentHashMap<>();
            Map<String, Long> visibleAt = new ConcurrentHashMap<>();
            try (TopicTap<String, PresenceEvent> decisions = new TopicTap<>(kafka.bootstrapServers(), PresenceTopics.EVENTS, true,
                    (record, receivedAt) -> {
                PresenceEvent event = record.value();
                if (event != null && event.getType() == EventType.SESSION_TIMED_OUT && isIdleSession(event.getUserId())) {
                    long deadline = event.getLastHeartbeatAt() + timeoutMs;
                    if (deadlines.putIfAbsent(event.getUserId(), deadline) == null) {
                        decided.recordValue(Math.max(0, event.getOccurredAt() - deadline) * 1000);
                        decisionReadable.recordValue(Math.max(0, receivedAt - event.getOccurredAt()) * 1000);
                        decidedAt.put(event.getUserId(), event.getOccurredAt());
                        decisionReadAt.put(event.getUserId(), receivedAt);
                    }
                }
            });
                 TopicTap<String, Notification> notices = new TopicTap<>(kafka.bootstrapServers(), PresenceTopics.NOTIFICATIONS, true,
                         (record, receivedAt) -> record.value().getChanges().stream()
                         .filter(c -> c.getReason() == ChangeReason.TIMEOUT && c.getUserId().equals(record.key())
                                 && isIdleSession(c.getUserId()))
                         .forEach(c -> visibleAt.put(c.getUserId(), receivedAt)))) {
                List<Outgoing> logins = new ArrayList<>();
                InputRecords avro = InputRecords.writtenAs(WireFormat.AVRO);
                for (int i = 0; i < sessions; i++) {
                    String user = String.format(IDLE_PREFIX + "%06d", i);
                    logins.add(Outgoing.of(avro.event(
                            PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId(user).setClientId("c0")
                                    .setSessionId("s1").setPlatform(Platform.WEB).build())));
                }
                producer.sendAtRate(logins, Math.max(1, sessions / spreadSeconds), i -> {
                });
                boolean all = TopicTap.await(() -> visibleAt.size() >= sessions && deadlines.size() >= sessions,
                        Duration.ofMillis(timeoutMs * 4 + 120_000));
                others.stop().ifPresent(line -> report.line("background traffic sent", line));
                Histogram visible = new Histogram(3_600_000_000L, 3);
                Histogram afterDecision = new Histogram(3_600_000_000L, 3);
                Histogram afterDecisionRead = new Histogram(3_600_000_000L, 3);
                visibleAt.forEach((user, at) -> {
                    Long deadline = deadlines.get(user);
                    if (deadline != null) {
                        visible.recordValue(Math.max(0, at - deadline) * 1000);
                        afterDecision.recordValue(Math.max(0, at - decidedAt.get(user)) * 1000);
                        afterDecisionRead.recordValue(Math.max(0, at - decisionReadAt.get(user)) * 1000);
                    }
                });
                report.line("sessions declared timed out", String.format(Locale.ROOT, "%,d of %,d%s", deadlines.size(),
                        sessions, all ? "" : " (INCOMPLETE)"));
                report.latency("lateness of the decision (SESSION_TIMED_OUT written)", decided);
                report.latency("lateness of the TIMEOUT notification (readable)", visible);
                report.line("where the time after the deadline goes", "");
                report.latency("  deadline -> decision (sweep interval)", decided);
                report.latency("  decision -> SESSION_TIMED_OUT readable (its commit)", decisionReadable);
                report.latency("  SESSION_TIMED_OUT readable -> notification readable", afterDecisionRead);
                report.latency("  decision -> notification readable", afterDecision);
            }
        }
        return 0;
    }

    private static boolean isIdleSession(String userId) {
        return userId.startsWith(IDLE_PREFIX);
    }

    /**
     * The other users of the run: a warm-up of their ordinary traffic (so that the idle sessions time out on
     * a warm engine, not one still compiling its code) and, optionally, the same traffic at a fixed rate
     * from a thread and producer of its own while the sessions time out, until stopped.
     */
    private static final class OtherUsers implements AutoCloseable {

        private final WorkloadGenerator generator;
        private final LoadProducer producer;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong worstLagMs = new AtomicLong();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private Thread sender;
        private int rate;

        OtherUsers(String bootstrapServers, int users, long seed) {
            this.generator = new WorkloadGenerator(users, WireFormat.AVRO, seed, false);
            this.producer = new LoadProducer(bootstrapServers);
        }

        /**
         * Their logins and {@code events} events of the realistic mix, at once; then every client
         * disconnects, so that none of them times out among the measured sessions.
         */
        void warmUp(long events) {
            producer.sendAll(generator.generate(events, WorkloadGenerator.Mix.realistic()).records());
            for (int user = 0; user < generator.users(); user++) {
                generator.disconnectAll(user);
            }
            producer.sendAll(generator.finish().records());
        }

        /** Their traffic at {@code perSecond} from now on (none at 0). */
        void startAtRate(int perSecond) {
            this.rate = perSecond;
            if (perSecond <= 0) {
                return;
            }
            sender = new Thread(() -> {
                try {
                    while (!stopped.get()) {
                        // Two seconds of traffic at a time, so that stopping takes at most that long.
                        List<Outgoing> batch = generator.mixed(perSecond * 2L, WorkloadGenerator.Mix.realistic()).records();
                        worstLagMs.accumulateAndGet(producer.sendAtRate(batch, perSecond, i -> {
                        }), Math::max);
                        sent.addAndGet(batch.size());
                    }
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }, "timeout-bench-background");
            sender.setDaemon(true);
            sender.start();
        }

        /** Stops the traffic; what was sent, or empty when none was. */
        Optional<String> stop() throws InterruptedException {
            if (sender == null) {
                return Optional.empty();
            }
            stopped.set(true);
            sender.join();
            sender = null;
            if (failure.get() != null) {
                throw new IllegalStateException("the background traffic stopped early", failure.get());
            }
            return Optional.of(String.format(Locale.ROOT, "%,d events at %,d/s; the sender fell behind by at most %d ms",
                    sent.get(), rate, worstLagMs.get()));
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            producer.close();
        }
    }
}
