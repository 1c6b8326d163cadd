package dev.presence.bench.drill;

import dev.presence.bench.run.Pause;
import dev.presence.bench.cluster.EngineProcess;
import dev.presence.bench.cluster.TopicTap;
import dev.presence.bench.drill.ExpectedOutcome.FinalStatus;
import dev.presence.schema.Notification;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusView;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceTopics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads everything the engine committed (presence.status, the users' own notifications,
 * presence.rejected) and holds it to the expected outcome: every user's final status equal to the
 * model's, and each user's own notifications numbered 1..final version with no gap and no repeat.
 */
public final class OutputAudit {

    /** Offsets include transaction markers, so "read to the end" means: nothing new for this long. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final Map<String, UserStatus> latest = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> ownVersions = new ConcurrentHashMap<>();
    private final List<RejectedRecord> rejected = Collections.synchronizedList(new ArrayList<>());

    /** Reads the three topics from the start (read_committed) until they stay quiet. */
    public static OutputAudit read(String bootstrapServers) {
        OutputAudit audit = new OutputAudit();
        try (TopicTap<String, UserStatus> status = new TopicTap<>(bootstrapServers, PresenceTopics.STATUS, true,
                (r, at) -> audit.latest.put(r.key(), r.value()));
             TopicTap<String, Notification> notices = new TopicTap<>(bootstrapServers, PresenceTopics.NOTIFICATIONS, true,
                     (r, at) -> {
                 for (StatusView change : r.value().getChanges()) {
                     if (change.getUserId().equals(r.key())) {
                         audit.ownVersions.computeIfAbsent(r.key(), k -> Collections.synchronizedList(new ArrayList<>()))
                                 .add(change.getVersion());
                     }
                 }
             });
             TopicTap<byte[], RejectedRecord> refused = new TopicTap<>(bootstrapServers, PresenceTopics.REJECTED, true,
                     (r, at) -> audit.rejected.add(r.value()))) {
            long last = -1;
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < QUIET.toNanos()) {
                long seen = status.received() + notices.received() + refused.received();
                if (seen != last) {
                    last = seen;
                    quietSince = System.nanoTime();
                }
                Pause.millis(100);
            }
        }
        return audit;
    }

    public List<RejectedRecord> rejected() {
        return rejected;
    }

    /** Every way the outputs differ from the expectation (at most {@code limit} listed); empty when exact. */
    public List<String> problems(ExpectedOutcome expected, int limit) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, FinalStatus> entry : expected.statuses().entrySet()) {
            if (problems.size() >= limit) {
                problems.add("... (more not listed)");
                break;
            }
            String user = entry.getKey();
            FinalStatus want = entry.getValue();
            UserStatus got = latest.get(user);
            FinalStatus actual = got == null ? new FinalStatus("UNLOGINED", null, 0)
                    : new FinalStatus(got.getStatus().name(), got.getCustomStatus(), got.getVersion());
            if (!Objects.equals(want, actual)) {
                problems.add("final status of " + user + ": expected " + want + ", presence.status has " + actual);
            }
            List<Long> versions = ownVersions.getOrDefault(user, List.of());
            boolean consecutive = versions.size() == want.version();
            for (int i = 0; consecutive && i < versions.size(); i++) {
                consecutive = versions.get(i) == i + 1;
            }
            if (!consecutive) {
                problems.add("own notifications of " + user + " are not exactly 1.." + want.version() + ": " + versions);
            }
        }
        return problems;
    }

    public long notificationsChecked() {
        return ownVersions.values().stream().mapToLong(List::size).sum();
    }

    public Map<Integer, Long> rejectedByCode() {
        Map<Integer, Long> codes = new HashMap<>();
        synchronized (rejected) {
            rejected.forEach(r -> codes.merge(r.getErrorCode(), 1L, Long::sum));
        }
        return codes;
    }
}
