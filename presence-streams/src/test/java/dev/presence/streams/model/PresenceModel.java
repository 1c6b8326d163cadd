package dev.presence.streams.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reference model of the status rules (SPEC sections 2, 3 and the self notification of 5), written
 * from the spec and the team's decisions, not from the engine: plain collections, no Avro, no Kafka.
 * It is meant to be read top to bottom and believed; the property tests hold the engine to it.
 * <p>
 * Time is the test's clock, in milliseconds since the run started: every event happens at {@link #now()}, and
 * {@link #advance(long)} moves the clock and, like the test harness, runs the timeout sweep once if
 * a sweep is due (sweeps are due every {@code sweepIntervalMs} from the start, as a wall-clock
 * punctuator scheduled at the start fires).
 */
public final class PresenceModel {

    public enum Status { ONLINE, OFFLINE, UNLOGINED }

    public enum SessionState { CONNECTED, TIMED_OUT, CLOSED }

    public enum Reason { LOGIN, LOGOUT, DISCONNECT, TIMEOUT, RECONNECT, CUSTOM_STATUS }

    /** presence.rejected error codes the model can predict. */
    public static final int CUSTOM_STATUS_TOO_LONG = 70007;
    public static final int NOT_ONLINE = 70008;

    /** The limits the rules use; {@link #spec()} gives the spec's defaults. */
    public record Limits(long heartbeatTimeoutMs, int customStatusMaxBytes, int maxClientsPerUser, long sweepIntervalMs) {
        public static Limits spec() {
            return new Limits(400_000, 100, 16, 1_000);
        }
    }

    /** One client of a user as the model sees it. */
    public record Client(String clientId, String sessionId, String platform, SessionState state, long lastHeartbeatAt) {
        @Override
        public String toString() {
            return clientId + " " + sessionId + " " + platform + " " + state + " hb@" + lastHeartbeatAt;
        }
    }

    /** What a user looks like from outside: clients sorted by clientId. */
    public record UserView(Status status, String customStatus, long version, List<Client> clients) {
        public static final UserView NEVER_SEEN = new UserView(Status.UNLOGINED, null, 0, List.of());
    }

    /** One visible change of (status, customStatus). */
    public record Change(String userId, Status oldStatus, String oldCustomStatus, Status newStatus,
                         String newCustomStatus, long version, long changedAt, Reason reason) {
    }

    /** One notification: who is told, and the changed status it carries. */
    public record Notice(String recipient, String userId, Status status, String customStatus, long version,
                         long changedAt, Reason reason) {
    }

    /** A timeout the sweep decides, as the SESSION_TIMED_OUT event it writes to the log. */
    public record Decision(String userId, String clientId, String sessionId, long lastHeartbeatAt, long decidedAt) {
    }

    private static final class Session {
        final String clientId;
        final String sessionId;
        final String platform;
        SessionState state = SessionState.CONNECTED;
        long lastHeartbeatAt;

        Session(String clientId, String sessionId, String platform, long at) {
            this.clientId = clientId;
            this.sessionId = sessionId;
            this.platform = platform;
            this.lastHeartbeatAt = at;
        }

        /** Heartbeat times grow strictly per session, so a refresh in the same millisecond is still a refresh. */
        void refresh(long at) {
            state = SessionState.CONNECTED;
            lastHeartbeatAt = Math.max(at, lastHeartbeatAt + 1);
        }
    }

    private static final class User {
        final String userId;
        /** By clientId, in the order the current sessions began (the oldest login first). */
        final LinkedHashMap<String, Session> clients = new LinkedHashMap<>();
        String customStatus;
        long version;
        Status shownStatus = Status.UNLOGINED;
        String shownCustomStatus;

        User(String userId) {
            this.userId = userId;
        }

        Status status() {
            if (clients.isEmpty()) {
                return Status.UNLOGINED;
            }
            return clients.values().stream().anyMatch(s -> s.state == SessionState.CONNECTED)
                    ? Status.ONLINE : Status.OFFLINE;
        }
    }

    private final Limits limits;
    private final Map<String, User> users = new TreeMap<>();
    private final List<Change> changes = new ArrayList<>();
    private final List<Integer> rejections = new ArrayList<>();
    private final List<Decision> decisions = new ArrayList<>();
    private long now;
    private long nextSweepAt;

    /** A model whose clock starts at 0, where the harness's clock starts, with the first sweep due one interval later. */
    public PresenceModel(Limits limits) {
        this.limits = limits;
        this.now = 0;
        this.nextSweepAt = limits.sweepIntervalMs();
    }

    public long now() {
        return now;
    }

    // ---- events --------------------------------------------------------------------------------

    public void login(String userId, String clientId, String sessionId, String platform) {
        User user = users.computeIfAbsent(userId, User::new);
        Session current = user.clients.get(clientId);
        if (current != null && current.sessionId.equals(sessionId) && current.platform.equals(platform)
                && current.state == SessionState.CONNECTED) {
            current.refresh(now);           // the same live session logging in again: only a refresh
        } else {
            if (current != null) {
                user.clients.remove(clientId);
            } else if (user.clients.size() >= limits.maxClientsPerUser()) {
                user.clients.remove(evictionVictim(user).clientId);
            }
            user.clients.put(clientId, new Session(clientId, sessionId, platform, now));
        }
        settle(user, Reason.LOGIN);
    }

    public void heartbeat(String userId, String clientId, String sessionId) {
        Session session = currentSession(userId, clientId, sessionId);
        if (session == null || session.state == SessionState.CLOSED) {
            return;
        }
        session.refresh(now);               // revives a TIMED_OUT session
        settle(users.get(userId), Reason.RECONNECT);
    }

    public void logout(String userId, String clientId) {
        User user = users.get(userId);
        if (user == null || user.clients.remove(clientId) == null) {
            return;
        }
        settle(user, Reason.LOGOUT);
    }

    public void disconnect(String userId, String clientId, String sessionId) {
        Session session = currentSession(userId, clientId, sessionId);
        if (session == null || session.state == SessionState.CLOSED) {
            return;
        }
        session.state = SessionState.CLOSED;
        settle(users.get(userId), Reason.DISCONNECT);
    }

    public void setCustomStatus(String userId, String customStatus) {
        if (customStatus != null
                && customStatus.getBytes(StandardCharsets.UTF_8).length > limits.customStatusMaxBytes()) {
            rejections.add(CUSTOM_STATUS_TOO_LONG);
            return;
        }
        String wanted = customStatus == null || customStatus.isEmpty() ? null : customStatus;
        User user = users.get(userId);
        if (user == null || user.status() != Status.ONLINE) {
            if (wanted != null) {
                rejections.add(NOT_ONLINE);
            }
            return;                         // clearing while not ONLINE: it is already clear
        }
        user.customStatus = wanted;
        settle(user, Reason.CUSTOM_STATUS);
    }

    /**
     * A SESSION_TIMED_OUT event, as the engine writes it (or as it arrives late, after a race): the
     * session times out only if it is still the client's current, connected session with the very
     * heartbeat time the decision was taken on, and its deadline has passed at the event's time (a
     * producer cannot time a session out early).
     */
    public void timedOut(String userId, String clientId, String sessionId, long lastHeartbeatAt) {
        Session session = currentSession(userId, clientId, sessionId);
        if (session == null || session.state != SessionState.CONNECTED || session.lastHeartbeatAt != lastHeartbeatAt
                || now < lastHeartbeatAt + limits.heartbeatTimeoutMs()) {
            return;
        }
        session.state = SessionState.TIMED_OUT;
        settle(users.get(userId), Reason.TIMEOUT);
    }

    /**
     * Moves the clock; if a sweep is due, decides a timeout for every connected session whose deadline
     * is now or past and applies each decision as a {@link #timedOut} event at this time.
     */
    public void advance(long millis) {
        now += millis;
        if (now < nextSweepAt) {
            return;
        }
        List<Decision> due = new ArrayList<>();
        for (User user : users.values()) {
            for (Session session : user.clients.values()) {
                if (session.state == SessionState.CONNECTED
                        && session.lastHeartbeatAt + limits.heartbeatTimeoutMs() <= now) {
                    due.add(new Decision(user.userId, session.clientId, session.sessionId, session.lastHeartbeatAt, now));
                }
            }
        }
        for (Decision decision : due) {
            decisions.add(decision);
            timedOut(decision.userId(), decision.clientId(), decision.sessionId(), decision.lastHeartbeatAt());
        }
        long interval = limits.sweepIntervalMs();
        nextSweepAt += ((now - nextSweepAt) / interval + 1) * interval;
    }

    // ---- results -------------------------------------------------------------------------------

    public UserView view(String userId) {
        User user = users.get(userId);
        if (user == null) {
            return UserView.NEVER_SEEN;
        }
        List<Client> clients = user.clients.values().stream()
                .map(s -> new Client(s.clientId, s.sessionId, s.platform, s.state, s.lastHeartbeatAt))
                .sorted(Comparator.comparing(Client::clientId))
                .toList();
        return new UserView(user.shownStatus, user.shownCustomStatus, user.version, clients);
    }

    /** Every visible change, in the order they happened. */
    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The notifications: each change is told to the user itself, and to no one else here. */
    public List<Notice> notifications() {
        return changes.stream()
                .map(c -> new Notice(c.userId(), c.userId(), c.newStatus(), c.newCustomStatus(), c.version(),
                        c.changedAt(), c.reason()))
                .toList();
    }

    /** The timeouts the sweeps decided, in the order of the sweeps (the order within one sweep is not specified). */
    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** The error codes of the records refused to presence.rejected, in order. */
    public List<Integer> rejections() {
        return List.copyOf(rejections);
    }

    // ---- rules shared by the events ------------------------------------------------------------

    /** After any event: leaving ONLINE clears the custom status; a visible difference is one new version. */
    private void settle(User user, Reason reason) {
        Status status = user.status();
        if (status != Status.ONLINE) {
            user.customStatus = null;
        }
        if (status == user.shownStatus && Objects.equals(user.customStatus, user.shownCustomStatus)) {
            return;
        }
        user.version++;
        changes.add(new Change(user.userId, user.shownStatus, user.shownCustomStatus, status, user.customStatus,
                user.version, now, reason));
        user.shownStatus = status;
        user.shownCustomStatus = user.customStatus;
    }

    /** The client's session if it is the one named, else null (unknown user, unknown client, other session). */
    private Session currentSession(String userId, String clientId, String sessionId) {
        User user = users.get(userId);
        Session session = user == null ? null : user.clients.get(clientId);
        return session != null && session.sessionId.equals(sessionId) ? session : null;
    }

    /**
     * The client a new one replaces at the limit: the oldest (smallest last heartbeat) of those not
     * connected, else the least recently heard of all; on a tie, the one whose session began first.
     */
    private static Session evictionVictim(User user) {
        Session oldestIdle = null;
        Session oldest = null;
        for (Session s : user.clients.values()) {
            if (s.state != SessionState.CONNECTED && (oldestIdle == null || s.lastHeartbeatAt < oldestIdle.lastHeartbeatAt)) {
                oldestIdle = s;
            }
            if (oldest == null || s.lastHeartbeatAt < oldest.lastHeartbeatAt) {
                oldest = s;
            }
        }
        return oldestIdle != null ? oldestIdle : oldest;
    }
}
