package dev.presence.streams.model;

import dev.presence.schema.EventType;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusChange;
import dev.presence.schema.StatusView;
import dev.presence.schema.UserStatus;
import dev.presence.streams.PresenceSettings;
import dev.presence.streams.model.PresenceModel.Change;
import dev.presence.streams.codec.AvroCodec;
import dev.presence.streams.model.PresenceModel.Client;
import dev.presence.streams.model.PresenceModel.Decision;
import dev.presence.streams.model.PresenceModel.Notice;
import dev.presence.streams.model.PresenceModel.Reason;
import dev.presence.streams.model.PresenceModel.SessionState;
import dev.presence.streams.model.PresenceModel.Status;
import dev.presence.streams.model.PresenceModel.UserView;
import dev.presence.streams.testing.Events;
import dev.presence.streams.testing.PresenceHarness;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A script run through the production topology ({@link PresenceHarness}), what came out of it, and
 * the translation of those Avro records into the model's plain values for comparison.
 */
final class EngineRun {

    /** The model counts time from the start of the run; the engine's records carry epoch milliseconds. */
    private static final long START = PresenceHarness.START.toEpochMilli();

    /** How the script's events are written to presence.events. */
    enum Input { JSON, AVRO }

    /** Everything the run produced, as read from the topics and the status store. */
    record Outcome(Map<String, UserStatus> stored, List<UserStatus> statusTopic, List<StatusChange> changes,
                   List<Notification> notifications, List<RejectedRecord> rejected,
                   List<TestRecord<byte[], byte[]>> eventLog, List<TestRecord<byte[], byte[]>> engineWritten) {
    }

    private EngineRun() {
    }

    static Outcome run(Script script, Input input, String applicationId) {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults(), applicationId)) {
            List<TestRecord<byte[], byte[]>> engineWritten = new ArrayList<>();
            for (Step step : script.steps()) {
                if (step instanceof Step.Advance advance) {
                    // Whatever joins the log while the clock moves is the engine's own: its sweep's decisions.
                    int before = engine.eventLog().size();
                    engine.advance(Duration.ofMillis(advance.millis()));
                    List<TestRecord<byte[], byte[]>> log = engine.eventLog();
                    engineWritten.addAll(log.subList(before, log.size()));
                } else if (input == Input.JSON) {
                    engine.send(userOf(step), json(step));
                } else {
                    engine.send(avro(step));
                }
            }
            return outcome(engine, script.users(), engineWritten);
        }
    }

    /**
     * Feeds a recorded presence.events log, record by record with its own timestamps, into a fresh
     * application. The wall clock is never moved, so the timeout punctuator never fires: every timeout
     * comes from the SESSION_TIMED_OUT records in the log, as on a replay after the fact.
     */
    static Outcome replay(List<TestRecord<byte[], byte[]>> log, Set<String> users, String applicationId) {
        try (PresenceHarness fresh = new PresenceHarness(PresenceSettings.defaults(), applicationId)) {
            log.forEach(fresh::replay);
            // A zero move fires nothing; it only collects into the harness's log whatever the engine wrote itself.
            fresh.advance(Duration.ZERO);
            List<TestRecord<byte[], byte[]>> all = fresh.eventLog();
            return outcome(fresh, users, all.subList(log.size(), all.size()));
        }
    }

    private static Outcome outcome(PresenceHarness engine, Set<String> users,
                                   List<TestRecord<byte[], byte[]>> engineWritten) {
        Map<String, UserStatus> stored = new TreeMap<>();
        for (String user : users) {
            stored.put(user, engine.stored(user));
        }
        return new Outcome(stored, engine.statusOutput(), engine.changes(), engine.notifications(),
                engine.rejected(), engine.eventLog(), engineWritten);
    }

    // ---- script steps as producers write them ----------------------------------------------------

    private static String userOf(Step step) {
        return avro(step).getUserId();
    }

    static String json(Step step) {
        if (step instanceof Step.Login s) {
            return Events.login(s.userId(), s.clientId(), s.sessionId(), Platform.valueOf(s.platform()));
        } else if (step instanceof Step.Heartbeat s) {
            return Events.heartbeat(s.userId(), s.clientId(), s.sessionId());
        } else if (step instanceof Step.Logout s) {
            return Events.logout(s.userId(), s.clientId());
        } else if (step instanceof Step.Disconnect s) {
            return Events.disconnect(s.userId(), s.clientId(), s.sessionId());
        } else if (step instanceof Step.SetCustomStatus s) {
            return Events.customStatus(s.userId(), s.customStatus());
        } else if (step instanceof Step.TimedOut s) {
            return Events.timedOut(s.userId(), s.clientId(), s.sessionId(), START + s.lastHeartbeatAt());
        }
        throw new IllegalArgumentException("not an event: " + step);
    }

    static PresenceEvent avro(Step step) {
        PresenceEvent.Builder event = PresenceEvent.newBuilder();
        if (step instanceof Step.Login s) {
            event.setType(EventType.LOGIN).setUserId(s.userId()).setClientId(s.clientId())
                    .setSessionId(s.sessionId()).setPlatform(Platform.valueOf(s.platform()));
        } else if (step instanceof Step.Heartbeat s) {
            event.setType(EventType.HEARTBEAT).setUserId(s.userId()).setClientId(s.clientId())
                    .setSessionId(s.sessionId());
        } else if (step instanceof Step.Logout s) {
            event.setType(EventType.LOGOUT).setUserId(s.userId()).setClientId(s.clientId());
        } else if (step instanceof Step.Disconnect s) {
            event.setType(EventType.DISCONNECT).setUserId(s.userId()).setClientId(s.clientId())
                    .setSessionId(s.sessionId());
        } else if (step instanceof Step.SetCustomStatus s) {
            event.setType(EventType.SET_CUSTOM_STATUS).setUserId(s.userId()).setCustomStatus(s.customStatus());
        } else if (step instanceof Step.TimedOut s) {
            event.setType(EventType.SESSION_TIMED_OUT).setUserId(s.userId()).setClientId(s.clientId())
                    .setSessionId(s.sessionId()).setLastHeartbeatAt(START + s.lastHeartbeatAt());
        } else {
            throw new IllegalArgumentException("not an event: " + step);
        }
        return event.build();
    }

    // ---- engine records as model values ----------------------------------------------------------

    static UserView view(UserStatus stored) {
        if (stored == null) {
            return UserView.NEVER_SEEN;
        }
        List<Client> clients = stored.getClients().stream()
                .map(c -> new Client(c.getClientId(), c.getSessionId(), c.getPlatform().name(),
                        SessionState.valueOf(c.getState().name()), c.getLastHeartbeatAt() - START))
                .sorted(Comparator.comparing(Client::clientId))
                .toList();
        return new UserView(Status.valueOf(stored.getStatus().name()), stored.getCustomStatus(),
                stored.getVersion(), clients);
    }

    /** Notifications per recipient, in the order they were written; each must carry exactly one change. */
    static Map<String, List<Notice>> noticesByRecipient(List<Notification> notifications) {
        Map<String, List<Notice>> byRecipient = new TreeMap<>();
        for (Notification n : notifications) {
            if (n.getChanges().size() != 1) {
                throw new AssertionError("a notification should carry exactly one change: " + n);
            }
            StatusView v = n.getChanges().get(0);
            byRecipient.computeIfAbsent(n.getRecipient(), r -> new ArrayList<>())
                    .add(new Notice(n.getRecipient(), v.getUserId(), Status.valueOf(v.getStatus().name()),
                            v.getCustomStatus(), v.getVersion(), v.getChangedAt() - START, Reason.valueOf(v.getReason().name())));
        }
        return byRecipient;
    }

    static Map<String, List<Notice>> noticesByRecipientOf(List<Notice> notices) {
        Map<String, List<Notice>> byRecipient = new TreeMap<>();
        notices.forEach(n -> byRecipient.computeIfAbsent(n.recipient(), r -> new ArrayList<>()).add(n));
        return byRecipient;
    }

    /** Status changes per user, in the order they were written. */
    static Map<String, List<Change>> changesByUser(List<StatusChange> changes) {
        Map<String, List<Change>> byUser = new TreeMap<>();
        for (StatusChange c : changes) {
            byUser.computeIfAbsent(c.getUserId(), u -> new ArrayList<>())
                    .add(new Change(c.getUserId(), Status.valueOf(c.getOldStatus().name()), c.getOldCustomStatus(),
                            Status.valueOf(c.getNewStatus().name()), c.getNewCustomStatus(), c.getVersion(),
                            c.getChangedAt() - START, Reason.valueOf(c.getReason().name())));
        }
        return byUser;
    }

    static Map<String, List<Change>> changesByUserOf(List<Change> changes) {
        Map<String, List<Change>> byUser = new TreeMap<>();
        changes.forEach(c -> byUser.computeIfAbsent(c.userId(), u -> new ArrayList<>()).add(c));
        return byUser;
    }

    /** The engine's SESSION_TIMED_OUT records as decisions, sorted: the order within one sweep is not specified. */
    static List<Decision> decisions(List<TestRecord<byte[], byte[]>> engineWritten) {
        return engineWritten.stream()
                .map(record -> {
                    PresenceEvent event = decode(record.value());
                    if (event.getType() != EventType.SESSION_TIMED_OUT) {
                        throw new AssertionError("the engine wrote an event other than SESSION_TIMED_OUT: " + event);
                    }
                    return new Decision(event.getUserId(), event.getClientId(), event.getSessionId(),
                            event.getLastHeartbeatAt() - START, record.timestamp() - START);
                })
                .sorted(DECISION_ORDER)
                .toList();
    }

    static final Comparator<Decision> DECISION_ORDER = Comparator.comparingLong(Decision::decidedAt)
            .thenComparing(Decision::userId).thenComparing(Decision::clientId);

    private static PresenceEvent decode(byte[] value) {
        try {
            return AvroCodec.decode(value, PresenceEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Integer> rejectionCodes(List<RejectedRecord> rejected) {
        return rejected.stream().map(RejectedRecord::getErrorCode).toList();
    }

    /** A rejection without its wall-clock time and original bytes, which legitimately differ between runs. */
    record RejectionSummary(int errorCode, String reason, String sourceTopic, long sourceOffset) {
    }

    static List<RejectionSummary> rejectionSummaries(List<RejectedRecord> rejected) {
        return rejected.stream()
                .map(r -> new RejectionSummary(r.getErrorCode(), r.getReason(), r.getSourceTopic(), r.getSourceOffset()))
                .toList();
    }

    static Map<String, UserView> views(Outcome outcome) {
        Map<String, UserView> views = new LinkedHashMap<>();
        outcome.stored().forEach((user, status) -> views.put(user, view(status)));
        return views;
    }
}
