package dev.presence.streams.fold;

import dev.presence.schema.ClientSession;
import dev.presence.schema.EventCause;
import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SessionState;
import dev.presence.schema.StatusChange;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Nodes;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.Outcome;
import dev.presence.streams.expiry.CustomStatusExpiries;
import dev.presence.streams.fold.StatusUpdate.Transition;
import dev.presence.streams.index.SessionDeadlineIndex;
import dev.presence.streams.index.SessionDeadlineIndex.Deadline;
import dev.presence.streams.index.SweepSettings;
import dev.presence.streams.ingest.Decoded;
import dev.presence.streams.ingest.Rejections;
import dev.presence.streams.metrics.DomainSensors;
import dev.presence.streams.occupancy.OccupancyMove;
import dev.presence.streams.verdict.Verdicts;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Folds each user's events into its status (rules in {@link StatusFold}), keeps the heartbeat
 * deadline index in step with the sessions, and emits what changed.
 * <p>
 * Timeouts are decided by a wall-clock punctuator that sweeps the deadline index under a budget and
 * writes SESSION_TIMED_OUT events back to {@code presence.events}; the fold applies them when they
 * come back through the log, so that every state change has its cause in the log and a replay
 * rebuilds the same state. A heartbeat that lands between the decision and its application wins:
 * the event names the heartbeat time it was decided on, and the fold ignores it if that moved.
 * The index is refreshed lazily (see {@link #reindexDeadlines}): heartbeats, by far the most
 * frequent event, write only the status.
 */
public final class StatusFoldProcessor implements Processor<String, Decoded<PresenceEvent>, Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(StatusFoldProcessor.class);
    /** A sweep waits at most this long for the last one's decisions to come back (a decision may be lost). */
    private static final long LONGEST_WAIT_FOR_DECISIONS_MS = 30_000;

    private final StatusFold fold;
    private final SweepSettings sweep;
    private final long heartbeatTimeoutMs;

    private ProcessorContext<Object, Object> context;
    /** The timeout sweep this processor scheduled, cancelled when it closes. */
    private Cancellable timeoutSweeps;
    private BufferedHeartbeatStatusStore statuses;
    private final HeartbeatPersistence heartbeatPersistence;
    /** Wall-clock time this task's processor started: heartbeat times older than it may be restored ones. */
    private long startedAt;
    private SessionDeadlineIndex deadlines;
    private CustomStatusExpiries customStatusExpiries;
    private Sensor eventsApplied;
    private Sensor ignoredEvents;
    private Sensor timeoutsDecided;
    private UnreadDecisions unreadDecisions;
    private boolean exactlyOnce;

    public StatusFoldProcessor(StatusFoldSettings settings) {
        this.sweep = settings.sweep();
        this.heartbeatTimeoutMs = settings.heartbeatTimeout().toMillis();
        this.fold = new StatusFold(settings.maxClientsPerUser(), heartbeatTimeoutMs);
        this.heartbeatPersistence = new HeartbeatPersistence(settings.heartbeatTimeout());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.statuses = BufferedHeartbeatStatusStore.of(context.getStateStore(Stores.USER_STATUS));
        // A buffer left from this store's last active time may lie on records written since (a standby's, a restore's).
        statuses.discardBuffer();
        this.startedAt = context.currentSystemTimeMs();
        this.unreadDecisions = new UnreadDecisions(Math.min(heartbeatTimeoutMs, LONGEST_WAIT_FOR_DECISIONS_MS));
        this.exactlyOnce = String.valueOf(context.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .startsWith("exactly_once");
        this.deadlines = new SessionDeadlineIndex(context.getStateStore(Stores.SESSION_DEADLINES));
        this.customStatusExpiries = new CustomStatusExpiries(context.getStateStore(Stores.CUSTOM_STATUS_EXPIRY), statuses);
        String task = context.taskId().toString();
        // Applied, ignored and refused (counted by code where rejections are) add up to the events taken.
        this.eventsApplied = sensor(task, DomainSensors.EVENTS_APPLIED);
        this.ignoredEvents = sensor(task, DomainSensors.EVENTS_IGNORED);
        this.timeoutsDecided = sensor(task, DomainSensors.TIMEOUTS_DECIDED);
        timeoutSweeps = context.schedule(sweep.interval(), PunctuationType.WALL_CLOCK_TIME, this::decideTimeouts);
    }

    @Override
    public void process(Record<String, Decoded<PresenceEvent>> record) {
        PresenceEvent event = record.value().value();
        String userId = event.getUserId();
        unreadDecisions.read(event);
        // The store answers null for a user it has never held: from here on, that is the unseen status.
        Optional<UserStatus> stored = Optional.ofNullable(statuses.get(userId));
        UserStatus before = stored.orElseGet(() -> StatusFold.unseen(userId));
        Outcome<StatusUpdate> outcome = fold.apply(before, event, record.timestamp());
        if (outcome instanceof Outcome.Ignored<StatusUpdate> ignored) {
            ignoredEvents.record();
            Verdicts.ignored(context, record, userId, before, ignored.why());
            if (log.isDebugEnabled()) {
                log.debug("Ignored {} at {}: {}", event.getType(), Rejections.origin(context), ignored.why());
            }
        } else if (outcome instanceof Outcome.Refused<StatusUpdate> refused) {
            Rejections.reject(context, record, refused.code(), refused.reason());
        } else {
            StatusUpdate update = ((Outcome.Accepted<StatusUpdate>) outcome).value();
            UserStatus after = update.state();
            store(userId, before, after, update);
            reindexDeadlines(userId, before.getClients(), after.getClients());
            Verdicts.applied(context, record, userId, after);
            OccupancyMove.between(stored, after).ifPresent(move ->
                    context.forward(record.withKey((Object) userId).withValue(move), Nodes.OCCUPANCY));
            if (!update.refreshOnly()) {
                Record<Object, Object> latest = record.withKey((Object) userId).withValue(after);
                context.forward(latest, Nodes.STATUS_SINK);
                context.forward(latest, Nodes.CUSTOM_STATUS_EXPIRY);
            }
            if (update.transition().isPresent()) {
                StatusChange change = statusChange(before, after, update.transition().get(), event, record.timestamp());
                Record<Object, Object> out = record.withKey((Object) userId).withValue(change);
                context.forward(out, Nodes.STATUS_CHANGES_SINK);
                context.forward(out, Nodes.FANOUT);
                context.forward(out, Nodes.EXPIRY_SCHEDULER);
                context.forward(out, Nodes.STATUS_HISTORY);
            }
            eventsApplied.record();
        }
    }

    /**
     * The task stops here (closed, or turned into a standby that keeps its stores open): what only
     * the buffer held is given up, as a crash would; the persisted times are within the persistence
     * interval of it ({@link HeartbeatPersistence}). Kafka Streams 4.4 may start this same processor
     * again (a task resumed or revived) without clearing the task's punctuations: the sweep is
     * cancelled here, or the next start would add a second one.
     */
    @Override
    public void close() {
        if (timeoutSweeps != null) {
            timeoutSweeps.cancel();
        }
        if (statuses != null) {   // null only if init failed
            statuses.discardBuffer();
        }
    }

    private Sensor sensor(String task, String operation) {
        return context.metrics().addRateTotalSensor(DomainSensors.SCOPE, task, operation, Sensor.RecordingLevel.INFO);
    }

    /**
     * Writes the new record, except a heartbeat-only one (nothing visible changed) whose times the
     * persisted record still holds closely enough: that one stays in memory ({@link HeartbeatPersistence}).
     */
    private void store(String userId, UserStatus before, UserStatus after, StatusUpdate update) {
        if (!update.refreshOnly()) {
            statuses.put(userId, after);
            return;
        }
        // Not buffered: what was read is what is persisted, no second read needed.
        UserStatus persisted = statuses.persistedUnderBuffer(userId).orElse(before);
        if (!heartbeatPersistence.mustPersist(persisted, after)) {
            statuses.buffer(userId, after, persisted);
        } else {
            statuses.put(userId, after);
        }
    }

    /**
     * Files a deadline for each session that has just become connected (login, new session, revived
     * after a timeout). A heartbeat of a session already connected files nothing: its entry stays
     * under an earlier deadline, and the sweep re-files it when it finds the session refreshed. That
     * spares each heartbeat a delete and a put (and their two changelog records); the sweep pays one
     * move per session per timeout period instead. Entries of sessions that closed, logged out or were
     * replaced stay until their deadline, when the sweep drops them.
     */
    private void reindexDeadlines(String userId, List<ClientSession> before, List<ClientSession> after) {
        for (ClientSession now : after) {
            if (now.getState() == SessionState.CONNECTED && !alreadyFiled(now, before)) {
                deadlines.put(now.getLastHeartbeatAt() + heartbeatTimeoutMs, userId, now.getClientId(),
                        now.getSessionId(), now.getLastHeartbeatAt());
            }
        }
    }

    /** The same session was connected before with a heartbeat no later: its entry is at or before the new deadline. */
    private static boolean alreadyFiled(ClientSession now, List<ClientSession> before) {
        for (ClientSession old : before) {
            if (old.getState() == SessionState.CONNECTED && old.getClientId().equals(now.getClientId())
                    && old.getSessionId().equals(now.getSessionId())
                    && old.getLastHeartbeatAt() <= now.getLastHeartbeatAt()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Looks at the entries due now, at most the configured number per sweep. An entry whose session is
     * gone, closed or timed out is dropped; one whose session was refreshed is re-filed under the real
     * deadline; for the others a SESSION_TIMED_OUT event is written. A decided entry is re-filed one
     * timeout later rather than dropped: if a heartbeat beats the event back through the log, the fold
     * ignores the event and that entry later finds the refreshed deadline; otherwise it is dropped then.
     * No sweep runs while the last one's decisions have not come back through the log ({@link UnreadDecisions}).
     */
    private void decideTimeouts(long now) {
        if (!unreadDecisions.maySweep(now)) {
            log.debug("Sweep of {} skipped: the decisions written {} ms ago have not come back yet (the task is behind its input)",
                    context.taskId(), unreadDecisions.waitedMs(now));
            return;
        }
        if (unreadDecisions.overdue(now)) {
            log.warn("Task {}: the timeout decisions written {} ms ago have not come back through presence.events; "
                    + "sweeping again without them", context.taskId(), unreadDecisions.waitedMs(now));
        }
        List<Deadline> due = deadlines.due(now, sweep.entriesPerSweep());
        // A session logged in again under the same session id may have a second, older entry: decide once.
        Set<String> decided = new HashSet<>();
        for (Deadline entry : due) {
            Optional<ClientSession> connected = connectedSession(entry);
            if (connected.isEmpty() || decided.contains(entry.userId() + '\u0000' + entry.clientId())) {
                deadlines.remove(entry);
                continue;
            }
            ClientSession session = connected.get();
            long deadline = session.getLastHeartbeatAt() + heartbeatTimeoutMs + graceIfRestored(entry.userId(), session);
            if (deadline > now) {
                deadlines.move(entry, deadline, session.getLastHeartbeatAt());
                continue;
            }
            PresenceEvent timeout = PresenceEvent.newBuilder()
                    .setType(EventType.SESSION_TIMED_OUT)
                    .setUserId(entry.userId())
                    .setClientId(entry.clientId())
                    .setSessionId(entry.sessionId())
                    .setLastHeartbeatAt(session.getLastHeartbeatAt())
                    .setOccurredAt(now)
                    .build();
            // The decision names the exact heartbeat time: persist it with the decision, so that a
            // restore before the decision comes back finds that time, as a replay of the log would.
            statuses.persistBuffered(entry.userId());
            context.forward(new Record<>((Object) entry.userId(), (Object) timeout, now), Nodes.TIMEOUT_EVENTS_SINK);
            deadlines.move(entry, now + heartbeatTimeoutMs, session.getLastHeartbeatAt());
            decided.add(entry.userId() + '\u0000' + entry.clientId());
            timeoutsDecided.record();
        }
        if (due.size() == sweep.entriesPerSweep()) {
            log.info("Timeout sweep hit its budget of {} sessions; the rest follow in the next sweep",
                    sweep.entriesPerSweep());
        }
        int expired = decideCustomStatusExpiries(now);
        if (!decided.isEmpty() || expired > 0) {
            unreadDecisions.written(now);
            if (exactlyOnce) {
                // The decisions went to presence.events inside the open transaction, and while it is open no
                // record appended after them there is readable (read_committed), this engine's own input
                // included: commit now rather than at the end of the commit interval.
                context.commit();
            }
        }
    }

    /** After the timeouts of the same sweep, so that the log orders the two alike on every run; how many expired. */
    private int decideCustomStatusExpiries(long now) {
        List<PresenceEvent> expired = customStatusExpiries.decide(now, sweep.entriesPerSweep());
        for (PresenceEvent expiry : expired) {
            context.forward(new Record<>((Object) expiry.getUserId(), (Object) expiry, now), Nodes.TIMEOUT_EVENTS_SINK);
        }
        return expired.size();
    }

    /**
     * A session whose heartbeat time was persisted before this task started, and not refreshed in
     * memory since, may have been refreshed by heartbeats that were lost with the previous memory
     * (less than {@link HeartbeatPersistence#interval()} worth): its deadline gets that much grace.
     */
    private long graceIfRestored(String userId, ClientSession session) {
        boolean mayBeRestored = session.getLastHeartbeatAt() < startedAt && !statuses.isBuffered(userId);
        return mayBeRestored ? heartbeatPersistence.graceAfterRestore() : 0L;
    }

    /** The entry's session as the status store holds it now, if it is still connected. */
    private Optional<ClientSession> connectedSession(Deadline entry) {
        UserStatus status = statuses.get(entry.userId());
        if (status == null) {
            return Optional.empty();
        }
        for (ClientSession session : status.getClients()) {
            if (session.getClientId().equals(entry.clientId())) {
                boolean current = session.getSessionId().equals(entry.sessionId())
                        && session.getState() == SessionState.CONNECTED;
                return current ? Optional.of(session) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private StatusChange statusChange(UserStatus before, UserStatus after, Transition transition, PresenceEvent event,
                                      long timestamp) {
        RecordMetadata origin = context.recordMetadata().orElse(null);
        EventCause cause = EventCause.newBuilder()
                .setEventType(event.getType())
                .setEventId(event.getEventId())
                .setTopic(origin != null ? origin.topic() : "")
                .setPartition(origin != null ? origin.partition() : -1)
                .setOffset(origin != null ? origin.offset() : -1L)
                .setTimestamp(timestamp)
                .build();
        return StatusChange.newBuilder()
                .setUserId(after.getUserId())
                .setOldStatus(transition.oldStatus())
                .setNewStatus(after.getStatus())
                .setOldCustomStatus(transition.oldCustomStatus())
                .setNewCustomStatus(after.getCustomStatus())
                .setVersion(after.getVersion())
                .setChangedAt(after.getStatusChangedAt())
                .setReason(transition.reason())
                .setCause(cause)
                .setOldVisibility(before.getVisibility())
                .setNewVisibility(after.getVisibility())
                .build();
    }
}
