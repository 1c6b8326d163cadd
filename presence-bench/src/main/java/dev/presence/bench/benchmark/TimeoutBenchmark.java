package dev.presence.bench.benchmark;

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
import java.util.concurrent.ConcurrentHashMap;

/**
 * How late after its deadline an idle session is declared timed out: sessions log in and never
 * beat again, under a short heartbeat timeout for the run. Lateness is measured twice: when the
 * engine decided (the SESSION_TIMED_OUT event's time) and when the TIMEOUT notification was readable.
 */
@Command(name = "timeout", mixinStandardHelpOptions = true,
        description = "lateness of timeout decisions after the heartbeat deadline, as a distribution")
public final class TimeoutBenchmark implements Callable<Integer> {

    @Mixin
    BenchOptions options;

    @Option(names = "--sessions", defaultValue = "5000", description = "idle sessions (default ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--timeout-ms", defaultValue = "5000", description = "presence.heartbeat.timeout.ms for the run (default ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--spread-seconds", defaultValue = "10", description = "logins spread over this long (default ${DEFAULT-VALUE})")
    int spreadSeconds;

    @Override
    public Integer call() throws Exception {
        Path work = options.workDir("timeout");
        Report report = new Report("timeout accuracy");
        String applicationId = "bench-timeout-" + System.currentTimeMillis();
        Map<String, String> overrides = Map.of("presence.heartbeat.timeout.ms", Long.toString(timeoutMs));
        try (KafkaTarget kafka = KafkaTarget.open(options.bootstrap(), work);
             LoadProducer producer = new LoadProducer(kafka.bootstrapServers());
             EngineProcess engine = new EngineProcess(options.engineSettings(kafka.bootstrapServers(), applicationId,
                     overrides), options.engineJvm(), work.resolve("engine"))) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("kafka", kafka.describe());
            shown.put("sessions", String.format(Locale.ROOT, "%,d idle sessions, logins spread over %d s", sessions, spreadSeconds));
            shown.put("heartbeat timeout", timeoutMs + " ms (presence.timeout.check.interval.ms: engine default 1000)");
            shown.putAll(options.describe());
            report.header(shown);
            engine.start();
            engine.awaitReady(Duration.ofMinutes(3));

            Histogram decided = new ConcurrentHistogram(3_600_000_000L, 3);
            Histogram decisionReadable = new ConcurrentHistogram(3_600_000_000L, 3);
            Map<String, Long> deadlines = new ConcurrentHashMap<>();
            Map<String, Long> decidedAt = new ConcurrentHashMap<>();
            Map<String, Long> decisionReadAt = new ConcurrentHashMap<>();
            Map<String, Long> visibleAt = new ConcurrentHashMap<>();
            try (TopicTap<String, PresenceEvent> decisions = new TopicTap<>(kafka.bootstrapServers(), PresenceTopics.EVENTS, true,
                    (record, receivedAt) -> {
                PresenceEvent event = record.value();
                if (event != null && event.getType() == EventType.SESSION_TIMED_OUT) {
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
                         .filter(c -> c.getReason() == ChangeReason.TIMEOUT && c.getUserId().equals(record.key()))
                         .forEach(c -> visibleAt.put(c.getUserId(), receivedAt)))) {
                List<Outgoing> logins = new ArrayList<>();
                InputRecords avro = InputRecords.writtenAs(WireFormat.AVRO);
                for (int i = 0; i < sessions; i++) {
                    String user = String.format("idle-%06d", i);
                    logins.add(Outgoing.of(avro.event(
                            PresenceEvent.newBuilder().setType(EventType.LOGIN).setUserId(user).setClientId("c0")
                                    .setSessionId("s1").setPlatform(Platform.WEB).build())));
                }
                producer.sendAtRate(logins, Math.max(1, sessions / spreadSeconds), i -> {
                });
                boolean all = TopicTap.await(() -> visibleAt.size() >= sessions && deadlines.size() >= sessions,
                        Duration.ofMillis(timeoutMs * 4 + 120_000));
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
}
