package dev.presence.streams.fold;

import dev.presence.core.codec.CustomStatusExpiry;
import dev.presence.schema.ChangeReason;
import dev.presence.schema.ClientSession;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import dev.presence.streams.fold.StatusUpdate.Transition;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status rules as a pure function: (status, event, time) -> outcome. A user is ONLINE while a
 * client is connected, OFFLINE while logged-in clients are all disconnected or timed out, UNLOGINED
 * when none is logged in; events for an unknown, older or closed session are ignored, never errors.
 * No Kafka, no clock, no I/O, so that the rules are tested alone and a replay gives the same result.
 * Records are never modified in place: every change builds new ones.
 */
public final class StatusFold {

    private final int maxClientsPerUser;
    private final long heartbeatTimeoutMs;

    public StatusFold(int maxClientsPerUser, long heartbeatTimeoutMs) {
        this.maxClientsPerUser = maxClientsPerUser;
        this.heartbeatTimeoutMs = heartbeatTimeoutMs;
    }

    /** The status of a user the engine has never seen: UNLOGINED, version 0. */
    public static UserStatus unseen(String userId) {
        return UserStatus.newBuilder()
                .setUserId(userId)
                .setStatus(Status.UNLOGINED)
                .setCustomStatus(null)
                .setStatusChangedAt(0L)
                .setLastSeenAt(null)
                .setLastOnlineAt(null)
                .setVersion(0L)
                .setClients(List.of())
                .build();
    }

    /**
     * Applies a valid event (see {@code PresenceEventReader}) to {@code before}.
     *
     * @param before    the user's status, {@link #unseen} when the engine has never seen it
     * @param timestamp the event's record timestamp: the only time the rules use
     */
    public Outcome<StatusUpdate> apply(UserStatus before, PresenceEvent event, long timestamp) {
        return switch (event.getType()) {
            case LOGIN -> login(before, event, timestamp);
            case HEARTBEAT -> heartbeat(before, event, timestamp);
            case LOGOUT -> logout(before, event, timestamp);
            case DISCONNECT -> disconnect(before, event, timestamp);
            case SESSION_TIMED_OUT -> timeout(before, event, timestamp);
            case SET_CUSTOM_STATUS -> customStatus(before, event, timestamp);
            case CUSTOM_STATUS_EXPIRED -> expireCustomStatus(before, event, timestamp);
            case SET_VISIBILITY -> VisibilityRule.apply(before, event, timestamp);
            // A type of a later version; the reader refuses it before it gets here, this keeps it refused.
            case UNKNOWN -> Outcome.refused(ErrorCode.UNKNOWN_TYPE, "an event type this version does not know");
        };
    }

    private Outcome<StatusUpdate> login(UserStatus before, PresenceEvent event, long timestamp) {
        List<ClientSession> clients = new ArrayList<>(before.getClients());
        int index = indexOf(clients, event.getClientId());
        if (index >= 0) {
            ClientSession existing = clients.get(index);
            if (existing.getSessionId().equals(event.getSessionId()) && existing.getState() == SessionState.CONNECTED
                    && existing.getPlatform() == event.getPlatform()) {
                // A repeated LOGIN of a live session proves the connection like a heartbeat does.
                clients.set(index, refreshed(existing, timestamp));
                return applied(before, clients, before.getCustomStatus(), timestamp, true, ChangeReason.LOGIN, true);
            }
            clients.remove(index);
        } else if (clients.size() >= maxClientsPerUser) {
            clients.remove(evictionCandidate(clients));
        }
        clients.add(ClientSession.newBuilder()
                .setClientId(event.getClientId())
                .setSessionId(event.getSessionId())
                .setPlatform(event.getPlatform())
                .setState(SessionState.CONNECTED)
                .setLoggedInAt(timestamp)
                .setLastHeartbeatAt(timestamp)
                .build());
        return applied(before, clients, before.getCustomStatus(), timestamp, true, ChangeReason.LOGIN);
    }

    private Outcome<StatusUpdate> heartbeat(UserStatus before, PresenceEvent event, long timestamp) {
        List<ClientSession> clients = new ArrayList<>(before.getClients());
        int index = indexOf(clients, event.getClientId());
        if (index < 0) {
            return Outcome.ignored("heartbeat for a client that is not logged in");
        }
        ClientSession session = clients.get(index);
        if (!session.getSessionId().equals(event.getSessionId())) {
            return Outcome.ignored("heartbeat for a session that is not the client's current one");
        }
        if (session.getState() == SessionState.CLOSED) {
            return Outcome.ignored("heartbeat for a closed session");
        }
        boolean revives = session.getState() == SessionState.TIMED_OUT;
        clients.set(index, refreshed(session, timestamp));
        return applied(before, clients, before.getCustomStatus(), timestamp, true, ChangeReason.RECONNECT, !revives);
    }

    private Outcome<StatusUpdate> logout(UserStatus before, PresenceEvent event, long timestamp) {
        List<ClientSession> clients = new ArrayList<>(before.getClients());
        int index = indexOf(clients, event.getClientId());
        if (index < 0) {
            return Outcome.ignored("logout of a client that is not logged in");
        }
        clients.remove(index);
        return applied(before, clients, before.getCustomStatus(), timestamp, true, ChangeReason.LOGOUT);
    }

    private Outcome<StatusUpdate> disconnect(UserStatus before, PresenceEvent event, long timestamp) {
        List<ClientSession> clients = new ArrayList<>(before.getClients());
        int index = indexOf(clients, event.getClientId());
        if (index < 0) {
            return Outcome.ignored("disconnect of a client that is not logged in");
        }
        ClientSession session = clients.get(index);
        if (!session.getSessionId().equals(event.getSessionId())) {
            return Outcome.ignored("disconnect of an older session of the client");
        }
        if (session.getState() == SessionState.CLOSED) {
            return Outcome.ignored("disconnect of a session already closed");
        }
        clients.set(index, withState(session, SessionState.CLOSED));
        return applied(before, clients, before.getCustomStatus(), timestamp, true, ChangeReason.DISCONNECT);
    }

    private Outcome<StatusUpdate> timeout(UserStatus before, PresenceEvent event, long timestamp) {
        List<ClientSession> clients = new ArrayList<>(before.getClients());
        int index = indexOf(clients, event.getClientId());
        if (index < 0) {
            return Outcome.ignored("timeout of a client that is no longer logged in");
        }
        ClientSession session = clients.get(index);
        if (!session.getSessionId().equals(event.getSessionId()) || session.getState() != SessionState.CONNECTED
                || session.getLastHeartbeatAt() != event.getLastHeartbeatAt()) {
            // A heartbeat (or a new login, or a disconnect) landed between the decision and now: it wins.
            return Outcome.ignored("timeout of a session refreshed or closed since the decision");
        }
        if (timestamp < event.getLastHeartbeatAt() + heartbeatTimeoutMs) {
            // The engine writes its decision at or after the deadline; anything earlier is a producer's mistake.
            return Outcome.ignored("timeout before the session's deadline");
        }
        clients.set(index, withState(session, SessionState.TIMED_OUT));
        return applied(before, clients, before.getCustomStatus(), timestamp, false, ChangeReason.TIMEOUT);
    }

    private Outcome<StatusUpdate> customStatus(UserStatus before, PresenceEvent event, long timestamp) {
        String wanted = event.getCustomStatus() == null || event.getCustomStatus().isEmpty()
                ? null : event.getCustomStatus();
        Long expiresAt = wanted == null ? null : CustomStatusExpiry.expiresAt(event, timestamp).orElse(null);
        if (expiresAt != null) {
            Optional<String> problem = CustomStatusExpiry.windowProblem(expiresAt, timestamp);
            if (problem.isPresent()) {
                return Outcome.refused(ErrorCode.INVALID_EXPIRY, problem.get());
            }
        }
        if (before.getStatus() != Status.ONLINE) {
            if (wanted == null) {
                return Outcome.ignored("custom status cleared while not ONLINE: it is already clear");
            }
            return Outcome.refused(ErrorCode.NOT_ONLINE,
                    "user " + before.getUserId() + " is " + before.getStatus() + ", not ONLINE");
        }
        if (Objects.equals(wanted, before.getCustomStatus())
                && Objects.equals(expiresAt, before.getCustomStatusExpiresAt())) {
            return Outcome.ignored("custom status unchanged");
        }
        StatusUpdate update = update(before, before.getClients(), wanted, timestamp, true, ChangeReason.CUSTOM_STATUS, false);
        // The same text with another expiry changes no one's view (no transition), only when it ends.
        UserStatus after = UserStatus.newBuilder(update.state()).setCustomStatusExpiresAt(expiresAt).build();
        return Outcome.accepted(new StatusUpdate(after, update.transition(), update.refreshOnly()));
    }

    /**
     * The engine's decision that a custom status reached its expiry. It names the expiry it was
     * based on: a custom status set again since (with another expiry, or none) is not the one that
     * expired, and stays.
     */
    private Outcome<StatusUpdate> expireCustomStatus(UserStatus before, PresenceEvent event, long timestamp) {
        if (before.getCustomStatus() == null
                || !Objects.equals(before.getCustomStatusExpiresAt(), event.getExpiresAt())) {
            return Outcome.ignored("expiry of a custom status replaced or cleared since the decision");
        }
        if (timestamp < event.getExpiresAt()) {
            // The engine writes its decision at or after the expiry; anything earlier is a producer's mistake.
            return Outcome.ignored("expiry before the custom status's expiry time");
        }
        return applied(before, before.getClients(), null, timestamp, false, ChangeReason.CUSTOM_STATUS_EXPIRED);
    }

    private static Outcome<StatusUpdate> applied(UserStatus before, List<ClientSession> clients, @Nullable String customStatus,
                                                 long timestamp, boolean seen, ChangeReason reason) {
        return applied(before, clients, customStatus, timestamp, seen, reason, false);
    }

    private static Outcome<StatusUpdate> applied(UserStatus before, List<ClientSession> clients, @Nullable String customStatus,
                                                 long timestamp, boolean seen, ChangeReason reason, boolean refreshOnly) {
        return Outcome.accepted(update(before, clients, customStatus, timestamp, seen, reason, refreshOnly));
    }

    /** {@code customStatus}: the Avro field's value, absent when the user has none. */
    private static StatusUpdate update(UserStatus before, List<ClientSession> clients, @Nullable String customStatus,
                                       long timestamp, boolean seen, ChangeReason reason, boolean refreshOnly) {
        Status status = statusOf(clients);
        // The custom status only lives while ONLINE: leaving ONLINE clears it.
        String custom = status == Status.ONLINE ? customStatus : null;
        boolean changed = status != before.getStatus() || !Objects.equals(custom, before.getCustomStatus());
        UserStatus after = UserStatus.newBuilder()
                .setUserId(before.getUserId())
                .setStatus(status)
                .setCustomStatus(custom)
                .setStatusChangedAt(changed ? timestamp : before.getStatusChangedAt())
                .setLastSeenAt(seen ? Long.valueOf(timestamp) : before.getLastSeenAt())
                .setLastOnlineAt(before.getStatus() == Status.ONLINE && status != Status.ONLINE
                        ? Long.valueOf(timestamp) : before.getLastOnlineAt())
                .setVersion(changed ? before.getVersion() + 1 : before.getVersion())
                .setClients(clients)
                // An expiry belongs to the custom status it was set with; visibility is the user's choice, kept.
                .setCustomStatusExpiresAt(custom != null && custom.equals(before.getCustomStatus())
                        ? before.getCustomStatusExpiresAt() : null)
                .setVisibility(before.getVisibility())
                .setHiddenSince(before.getHiddenSince())
                .setHiddenVersion(before.getHiddenVersion())
                .build();
        Optional<Transition> transition = changed
                ? Optional.of(new Transition(before.getStatus(), before.getCustomStatus(), reason)) : Optional.empty();
        return new StatusUpdate(after, transition, refreshOnly && !changed);
    }

    /** ONLINE if any client is connected, OFFLINE if some are logged in but none connected, else UNLOGINED. */
    public static Status statusOf(List<ClientSession> clients) {
        if (clients.isEmpty()) {
            return Status.UNLOGINED;
        }
        for (ClientSession client : clients) {
            if (client.getState() == SessionState.CONNECTED) {
                return Status.ONLINE;
            }
        }
        return Status.OFFLINE;
    }

    private static ClientSession refreshed(ClientSession session, long timestamp) {
        // Strictly increasing, so that a timeout decision taken on the previous value is told apart.
        long heartbeatAt = Math.max(timestamp, session.getLastHeartbeatAt() + 1);
        return ClientSession.newBuilder(session)
                .setState(SessionState.CONNECTED)
                .setLastHeartbeatAt(heartbeatAt)
                .build();
    }

    private static ClientSession withState(ClientSession session, SessionState state) {
        return ClientSession.newBuilder(session).setState(state).build();
    }

    private static int indexOf(List<ClientSession> clients, String clientId) {
        for (int i = 0; i < clients.size(); i++) {
            if (clients.get(i).getClientId().equals(clientId)) {
                return i;
            }
        }
        return -1;
    }

    /** The client a new one replaces when the limit is reached: the oldest disconnected, else the least recently heard. */
    private static int evictionCandidate(List<ClientSession> clients) {
        Comparator<ClientSession> byLastHeartbeat = Comparator.comparingLong(ClientSession::getLastHeartbeatAt);
        ClientSession victim = clients.stream()
                .filter(c -> c.getState() != SessionState.CONNECTED)
                .min(byLastHeartbeat)
                .orElseGet(() -> clients.stream().min(byLastHeartbeat).orElseThrow());
        return clients.indexOf(victim);
    }
}
