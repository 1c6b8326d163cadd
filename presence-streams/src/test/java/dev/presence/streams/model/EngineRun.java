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
import dev.presence.streams.model.PresenceModel.Client;
import dev.presence.streams.model.PresenceModel.Notice;
import dev.presence.streams.model.PresenceModel.Reason;
import dev.presence.streams.model.PresenceModel.SessionState;
import dev.presence.streams.model.PresenceModel.Status;
import dev.presence.streams.model.PresenceModel.UserView;
import dev.presence.streams.testing.Events;
import dev.presence.streams.testing.PresenceHarness;
import org.apache.kafka.streams.test.TestRecord;

import java.time.Duration;
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

    /** How the script's events are written to presence.events. */
    enum Input { JSON, AVRO }

    /** Everything the run produced, as read from the topics and the status store. */
    record Outcome(Map<String, UserStatus> stored, List<UserStatus> statusTopic, List<StatusChange> changes,
                   List<Notification> notifications, List<RejectedRecord> rejected,
                   List<TestRecord<byte[], byte[]>> eventLog) {
    }

    private EngineRun() {
    }

    static Outcome run(Script script, Input input, String applicationId) {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults(), applicationId)) {
            for (Step step : script.steps()) {
                if (step instanceof Step.Advance advance) {
                    engine.advance(Duration.ofMillis(advance.millis()));
                } else if (input == Input.JSON) {
                    engine.send(userOf(step), json(step));
                } else {
                    engine.send(avro(step));
                }
            }
            return outcome(engine, script.users());
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
            return outcome(fresh, users);
        }
    }

    private static Outcome outcome(PresenceHarness engine, Set<String> users) {
        Map<String, UserStatus> stored = new TreeMap<>();
        for (String user : users) {
            stored.put(user, engine.stored(user));
        }
        return new Outcome(stored, engine.statusOutput(), engine.changes(), engine.notifications(),
                engine.rejected(), engine.eventLog());
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
                        SessionState.valueOf(c.getState().name()), c.getLastHeartbeatAt()))
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
            byRecipient.computeIfAbsent(n.getRecipient(), r -> new java.util.ArrayList<>())
                    .add(new Notice(n.getRecipient(), v.getUserId(), Status.valueOf(v.getStatus().name()),
                            v.getCustomStatus(), v.getVersion(), v.getChangedAt(), Reason.valueOf(v.getReason().name())));
        }
        return byRecipient;
    }

    static Map<String, List<Notice>> noticesByRecipientOf(List<Notice> notices) {
        Map<String, List<Notice>> byRecipient = new TreeMap<>();
        notices.forEach(n -> byRecipient.computeIfAbsent(n.recipient(), r -> new java.util.ArrayList<>()).add(n));
        return byRecipient;
    }

    /** Status changes per user, in the order they were written. */
    static Map<String, List<Change>> changesByUser(List<StatusChange> changes) {
        Map<String, List<Change>> byUser = new TreeMap<>();
        for (StatusChange c : changes) {
            byUser.computeIfAbsent(c.getUserId(), u -> new java.util.ArrayList<>())
                    .add(new Change(c.getUserId(), Status.valueOf(c.getOldStatus().name()), c.getOldCustomStatus(),
                            Status.valueOf(c.getNewStatus().name()), c.getNewCustomStatus(), c.getVersion(),
                            c.getChangedAt(), Reason.valueOf(c.getReason().name())));
        }
        return byUser;
    }

    static Map<String, List<Change>> changesByUserOf(List<Change> changes) {
        Map<String, List<Change>> byUser = new TreeMap<>();
        changes.forEach(c -> byUser.computeIfAbsent(c.userId(), u -> new java.util.ArrayList<>()).add(c));
        return byUser;
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
