package dev.presence.streams.model;

import dev.presence.testkit.model.PresenceModel;
import dev.presence.testkit.model.Script;
import dev.presence.testkit.model.Step;

import dev.presence.schema.EventType;
import dev.presence.schema.FriendshipEvent;
import dev.presence.schema.FriendshipEventType;
import dev.presence.schema.Notification;
import dev.presence.schema.OccupancyCount;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusChange;
import dev.presence.schema.StatusView;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.core.settings.SettingsCatalogue;
import dev.presence.testkit.model.PresenceModel.Change;
import dev.presence.core.codec.AvroCodec;
import dev.presence.testkit.model.PresenceModel.Client;
import dev.presence.testkit.model.PresenceModel.Decision;
import dev.presence.testkit.model.PresenceModel.ExpiryDecision;
import dev.presence.testkit.model.PresenceModel.Notice;
import dev.presence.testkit.model.PresenceModel.Reason;
import dev.presence.testkit.model.PresenceModel.SessionState;
import dev.presence.testkit.model.PresenceModel.Status;
import dev.presence.testkit.model.PresenceModel.UserView;
import dev.presence.testkit.Events;
import dev.presence.schema.Visibility;
import dev.presence.streams.visibility.PublicView;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.streams.testing.PresenceHarness.LoggedRecord;
import org.apache.avro.specific.SpecificRecord;
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

    /**
     * Everything the run produced, as read from the topics and the stores: per user its status and its
     * subscriptions, and the log of every input topic with, apart, the decisions the engine wrote to it.
     */
    record Outcome(Map<String, UserStatus> stored, Map<String, List<String>> subscriptions,
                   List<UserStatus> statusTopic, List<StatusChange> changes,
                   List<Notification> notifications, List<RejectedRecord> rejected,
                   List<TestRecord<byte[], byte[]>> eventLog, List<LoggedRecord> inputLog,
                   List<TestRecord<byte[], byte[]>> engineWritten,
                   List<TestRecord<byte[], byte[]>> engineWrittenSubscriptions, OccupancyCount occupancy) {
    }

    private EngineRun() {
    }

    /** The engine's settings for the model's limits: the defaults, with the limits the model may move. */
    static PresenceSettings settings(PresenceModel.Limits limits) {
        PresenceSettings settings = PresenceSettings.builder()
                .heartbeatTimeout(Duration.ofMillis(limits.heartbeatTimeoutMs()))
                .maxSubscriptionsPerUser(limits.maxSubscriptions())
                .maxTargetsPerCall(limits.maxTargetsPerCall())
                .subscriptionExpiry(Duration.ofMillis(limits.subscriptionExpiryMs()))
                .set(SettingsCatalogue.TIMEOUT_CHECK_INTERVAL, Duration.ofMillis(limits.sweepIntervalMs()))
                .build();
        if (settings.customStatusMaxBytes() != limits.customStatusMaxBytes()
                || settings.maxClientsPerUser() != limits.maxClientsPerUser()) {
            throw new IllegalArgumentException("the engine's start-up settings cannot express " + limits);
        }
        return settings;
    }

    static Outcome run(Script script, Input input, String applicationId) {
        try (PresenceHarness engine = new PresenceHarness(settings(script.limits()), applicationId)) {
            List<TestRecord<byte[], byte[]>> engineWritten = new ArrayList<>();
            List<TestRecord<byte[], byte[]>> engineWrittenSubscriptions = new ArrayList<>();
            for (Step step : script.steps()) {
                if (step instanceof Step.Advance advance) {
                    // Whatever joins the log while the clock moves is the engine's own: its sweep's decisions.
                    int before = engine.inputLog().size();
                    engine.advance(Duration.ofMillis(advance.millis()));
                    List<LoggedRecord> log = engine.inputLog();
                    for (LoggedRecord written : log.subList(before, log.size())) {
                        (written.topic().equals(Topics.EVENTS) ? engineWritten : engineWrittenSubscriptions)
                                .add(written.record());
                    }
                } else if (step instanceof Step.SetLive live) {
                    engine.setLive(live.key(), live.value());
                } else {
                    send(engine, step, input);
                }
            }
            return outcome(engine, script.users(), engineWritten, engineWrittenSubscriptions);
        }
    }

    /**
     * Feeds a recorded log of the input topics, record by record with its own timestamps, into a fresh
     * application under the same settings. The wall clock is never moved, so no sweep fires: every
     * timeout and expiry comes from the decisions in the log, as on a replay after the fact. The script's
     * switches are set first: presence.config feeds a global store, read whole before the log.
     */
    static Outcome replay(List<LoggedRecord> log, Script script, String applicationId) {
        try (PresenceHarness fresh = new PresenceHarness(settings(script.limits()), applicationId)) {
            script.steps().stream().filter(Step.SetLive.class::isInstance).map(Step.SetLive.class::cast)
                    .forEach(live -> fresh.setLive(live.key(), live.value()));
            log.forEach(fresh::replay);
            // A zero move fires nothing; it only collects into the harness's log whatever the engine wrote itself.
            fresh.advance(Duration.ZERO);
            List<LoggedRecord> all = fresh.inputLog();
            List<TestRecord<byte[], byte[]>> events = new ArrayList<>();
            List<TestRecord<byte[], byte[]>> subscriptions = new ArrayList<>();
            for (LoggedRecord written : all.subList(log.size(), all.size())) {
                (written.topic().equals(Topics.EVENTS) ? events : subscriptions).add(written.record());
            }
            return outcome(fresh, script.users(), events, subscriptions);
        }
    }

    private static Outcome outcome(PresenceHarness engine, Set<String> users,
                                   List<TestRecord<byte[], byte[]>> engineWritten,
                                   List<TestRecord<byte[], byte[]>> engineWrittenSubscriptions) {
        Map<String, UserStatus> stored = new TreeMap<>();
        Map<String, List<String>> subscriptions = new TreeMap<>();
        for (String user : users) {
            stored.put(user, engine.stored(user));
            subscriptions.put(user, engine.subscriptionsOf(user));
        }
        return new Outcome(stored, subscriptions, engine.statusOutput(), engine.changes(), engine.notifications(),
                engine.rejected(), engine.eventLog(), engine.inputLog(), engineWritten, engineWrittenSubscriptions,
                engine.occupancy());
    }

    /** The engine's occupancy in the model's terms. */
    static Map<PresenceModel.Status, Long> occupancy(Outcome outcome) {
        Map<PresenceModel.Status, Long> counts = new java.util.EnumMap<>(PresenceModel.Status.class);
        counts.put(PresenceModel.Status.ONLINE, outcome.occupancy().getOnline());
        counts.put(PresenceModel.Status.OFFLINE, outcome.occupancy().getOffline());
        counts.put(PresenceModel.Status.UNLOGINED, outcome.occupancy().getUnlogined());
        return counts;
    }

    private static void send(PresenceHarness engine, Step step, Input input) {
        String topic = topicOf(step);
        if (input == Input.JSON) {
            byte[] key = PresenceHarness.utf8(keyOf(step));
            byte[] value = PresenceHarness.utf8(json(step));
            switch (topic) {
                case Topics.EVENTS -> engine.sendRaw(key, value);
                case Topics.SUBSCRIPTIONS -> engine.sendSubscriptionRaw(key, value);
                default -> engine.sendFriendshipRaw(key, value);
            }
            return;
        }
        SpecificRecord record = avroRecord(step);
        byte[] key = PresenceHarness.utf8(keyOf(step));
        switch (topic) {
            case Topics.EVENTS -> engine.send((PresenceEvent) record);
            case Topics.SUBSCRIPTIONS -> engine.sendSubscriptionRaw(key, AvroCodec.encode(record));
            default -> engine.sendFriendshipRaw(key, AvroCodec.encode(record));
        }
    }

    // ---- script steps as producers write them ----------------------------------------------------

    private static String topicOf(Step step) {
        if (step instanceof Step.Subscribe || step instanceof Step.Unsubscribe || step instanceof Step.UnsubscribeAll
                || step instanceof Step.SubscriptionsExpired) {
            return Topics.SUBSCRIPTIONS;
        }
        if (step instanceof Step.FriendAdded || step instanceof Step.FriendRemoved) {
            return Topics.FRIENDSHIPS;
        }
        return Topics.EVENTS;
    }

    /** The record key: the user the record is about (the subscriber, the owner of the friend list). */
    private static String keyOf(Step step) {
        SpecificRecord record = avroRecord(step);
        if (record instanceof SubscriptionCommand command) {
            return command.getUserId();
        }
        if (record instanceof FriendshipEvent event) {
            return event.getUserId();
        }
        return ((PresenceEvent) record).getUserId();
    }

    static String json(Step step) {
        if (step instanceof Step.Subscribe s) {
            return Events.subscribe(s.subscriber(), s.targets().toArray(String[]::new));
        } else if (step instanceof Step.Unsubscribe s) {
            return Events.unsubscribe(s.subscriber(), s.targets().toArray(String[]::new));
        } else if (step instanceof Step.UnsubscribeAll s) {
            return Events.unsubscribeAll(s.subscriber());
        } else if (step instanceof Step.SubscriptionsExpired s) {
            return Events.subscriptionsExpired(s.subscriber(), START + s.notOnlineSince());
        } else if (step instanceof Step.FriendAdded s) {
            return Events.friendAdded(s.userId(), s.friendId());
        } else if (step instanceof Step.FriendRemoved s) {
            return Events.friendRemoved(s.userId(), s.friendId());
        }
        return eventJson(step);
    }

    private static String eventJson(Step step) {
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
        } else if (step instanceof Step.SetCustomStatusFor s) {
            return Events.customStatusFor(s.userId(), s.customStatus(), s.ttlSeconds());
        } else if (step instanceof Step.SetVisibility s) {
            return Events.visibility(s.userId(), s.invisible() ? "INVISIBLE" : "VISIBLE");
        } else if (step instanceof Step.CustomStatusExpired s) {
            return Events.customStatusExpired(s.userId(), START + s.expiresAt());
        }
        throw new IllegalArgumentException("not an event: " + step);
    }

    /** The step as the Avro record a producer writes to its topic. */
    static SpecificRecord avroRecord(Step step) {
        SubscriptionCommand.Builder command = SubscriptionCommand.newBuilder();
        if (step instanceof Step.Subscribe s) {
            return command.setType(SubscriptionCommandType.SUBSCRIBE).setUserId(s.subscriber())
                    .setTargets(s.targets()).build();
        } else if (step instanceof Step.Unsubscribe s) {
            return command.setType(SubscriptionCommandType.UNSUBSCRIBE).setUserId(s.subscriber())
                    .setTargets(s.targets()).build();
        } else if (step instanceof Step.UnsubscribeAll s) {
            return command.setType(SubscriptionCommandType.UNSUBSCRIBE_ALL).setUserId(s.subscriber()).build();
        } else if (step instanceof Step.SubscriptionsExpired s) {
            return command.setType(SubscriptionCommandType.SUBSCRIPTIONS_EXPIRED).setUserId(s.subscriber())
                    .setNotOnlineSince(START + s.notOnlineSince()).build();
        } else if (step instanceof Step.FriendAdded s) {
            return FriendshipEvent.newBuilder().setType(FriendshipEventType.FRIEND_ADDED).setUserId(s.userId())
                    .setFriendId(s.friendId()).build();
        } else if (step instanceof Step.FriendRemoved s) {
            return FriendshipEvent.newBuilder().setType(FriendshipEventType.FRIEND_REMOVED).setUserId(s.userId())
                    .setFriendId(s.friendId()).build();
        }
        return avro(step);
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
        } else if (step instanceof Step.SetCustomStatusFor s) {
            event.setType(EventType.SET_CUSTOM_STATUS).setUserId(s.userId()).setCustomStatus(s.customStatus())
                    .setTtlSeconds(s.ttlSeconds());
        } else if (step instanceof Step.SetVisibility s) {
            event.setType(EventType.SET_VISIBILITY).setUserId(s.userId())
                    .setVisibility(s.invisible() ? Visibility.INVISIBLE : Visibility.VISIBLE);
        } else if (step instanceof Step.CustomStatusExpired s) {
            event.setType(EventType.CUSTOM_STATUS_EXPIRED).setUserId(s.userId()).setExpiresAt(START + s.expiresAt());
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
            byRecipient.computeIfAbsent(n.getRecipient(), r -> new ArrayList<>())
                    .add(notice(n));
        }
        return byRecipient;
    }

    static Map<String, List<Notice>> noticesByRecipientOf(List<Notice> notices) {
        Map<String, List<Notice>> byRecipient = new TreeMap<>();
        notices.forEach(n -> byRecipient.computeIfAbsent(n.recipient(), r -> new ArrayList<>()).add(n));
        return byRecipient;
    }

    /** A notification as the model's notice; a change time of 0 (the epoch) is a change that never happened. */
    static Notice notice(Notification n) {
        if (n.getChanges().size() != 1) {
            throw new AssertionError("a notification should carry exactly one change: " + n);
        }
        StatusView v = n.getChanges().get(0);
        long changedAt = v.getChangedAt() == 0 ? PresenceModel.NEVER : v.getChangedAt() - START;
        return new Notice(n.getRecipient(), v.getUserId(), Status.valueOf(v.getStatus().name()), v.getCustomStatus(),
                v.getVersion(), changedAt, Reason.valueOf(v.getReason().name()));
    }

    static List<Notice> notices(List<Notification> notifications) {
        return notifications.stream().map(EngineRun::notice).toList();
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
                .filter(record -> decode(record.value(), PresenceEvent.class).getType() != EventType.CUSTOM_STATUS_EXPIRED)
                .map(record -> {
                    PresenceEvent event = decode(record.value(), PresenceEvent.class);
                    if (event.getType() != EventType.SESSION_TIMED_OUT) {
                        throw new AssertionError("the engine wrote an event other than SESSION_TIMED_OUT"
                                + " or CUSTOM_STATUS_EXPIRED: " + event);
                    }
                    return new Decision(event.getUserId(), event.getClientId(), event.getSessionId(),
                            event.getLastHeartbeatAt() - START, record.timestamp() - START);
                })
                .sorted(DECISION_ORDER)
                .toList();
    }

    /** The engine's SUBSCRIPTIONS_EXPIRED records as decisions, sorted by time and subscriber. */
    /** The CUSTOM_STATUS_EXPIRED events the engine wrote, in the order written. */
    static List<PresenceModel.CustomStatusDecision> customStatusDecisions(List<TestRecord<byte[], byte[]>> engineWritten) {
        return engineWritten.stream()
                .map(record -> decode(record.value(), PresenceEvent.class))
                .filter(event -> event.getType() == EventType.CUSTOM_STATUS_EXPIRED)
                .map(event -> new PresenceModel.CustomStatusDecision(event.getUserId(), event.getExpiresAt() - START,
                        event.getOccurredAt() - START))
                .toList();
    }

    /** What only the user and the admin see, per user, from the stored statuses. */
    static Map<String, PresenceModel.Private> privates(Outcome outcome) {
        Map<String, PresenceModel.Private> privates = new LinkedHashMap<>();
        outcome.stored().forEach((user, status) -> privates.put(user, status == null ? PresenceModel.Private.NEVER_SEEN
                : new PresenceModel.Private(status.getVisibility() == Visibility.INVISIBLE,
                status.getCustomStatusExpiresAt() == null ? null : status.getCustomStatusExpiresAt() - START)));
        return privates;
    }

    /** Each user as everyone else sees it, from the stored statuses. */
    static Map<String, UserView> publicViews(Outcome outcome) {
        Map<String, UserView> views = new LinkedHashMap<>();
        outcome.stored().forEach((user, status) -> views.put(user,
                view(status == null ? null : PublicView.asSeenByOthers(status))));
        return views;
    }

    static List<ExpiryDecision> expiryDecisions(List<TestRecord<byte[], byte[]>> engineWritten) {
        return engineWritten.stream()
                .map(record -> {
                    SubscriptionCommand command = decode(record.value(), SubscriptionCommand.class);
                    if (command.getType() != SubscriptionCommandType.SUBSCRIPTIONS_EXPIRED) {
                        throw new AssertionError("the engine wrote a command other than SUBSCRIPTIONS_EXPIRED: " + command);
                    }
                    return new ExpiryDecision(command.getUserId(), command.getNotOnlineSince() - START,
                            record.timestamp() - START);
                })
                .sorted(EXPIRY_ORDER)
                .toList();
    }

    static final Comparator<ExpiryDecision> EXPIRY_ORDER = Comparator.comparingLong(ExpiryDecision::decidedAt)
            .thenComparing(ExpiryDecision::subscriber);

    static final Comparator<Decision> DECISION_ORDER = Comparator.comparingLong(Decision::decidedAt)
            .thenComparing(Decision::userId).thenComparing(Decision::clientId);

    private static <T extends SpecificRecord> T decode(byte[] value, Class<T> type) {
        try {
            return AvroCodec.decode(value, type);
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
