package dev.presence.testkit.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reference model of the status rules (sessions, status, custom status, timeouts), the relations
 * (subscriptions, friendships, the 24 h expiry), who is notified, and the two live switches,
 * written from the spec and the team's decisions, not from the engine: plain collections, no Avro, no
 * Kafka. It is meant to be read top to bottom and believed; the property tests hold the engine to it.
 * <p>
 * Time is the test's clock, in milliseconds since the run started: every event happens at {@link #now()}, and
 * {@link #advance(long)} moves the clock and, like the test harness, runs the sweep once if one is due
 * (sweeps are due every {@code sweepIntervalMs} from the start, as a wall-clock punctuator scheduled at
 * the start fires). A sweep decides session timeouts and subscription expiries alike.
 */
public final class PresenceModel {

    public enum Status { ONLINE, OFFLINE, UNLOGINED }

    public enum SessionState { CONNECTED, TIMED_OUT, CLOSED }

    public enum Reason { LOGIN, LOGOUT, DISCONNECT, TIMEOUT, RECONNECT, CUSTOM_STATUS, SNAPSHOT, CUSTOM_STATUS_EXPIRED, VISIBILITY }

    /** presence.rejected error codes the model can predict. */
    public static final int MISSING_FIELD = 70005;
    public static final int CUSTOM_STATUS_TOO_LONG = 70007;
    public static final int NOT_ONLINE = 70008;
    public static final int TOO_MANY_TARGETS = 70016;
    public static final int SELF_SUBSCRIPTION = 70017;
    public static final int FEATURE_DISABLED = 72001;
    public static final int INVALID_EXPIRY = 70030;

    /** The longest time-to-live of a custom status: 30 days. */
    public static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

    /** The time of a change that never happened: what a snapshot of a never-seen user carries. */
    public static final long NEVER = Long.MIN_VALUE;

    /** The live switches (statusQueryAndNotify, friendAutoNotify), by their presence.config keys. */
    public static final String STATUS_QUERY_AND_NOTIFY = "statusQueryAndNotify";
    public static final String FRIEND_AUTO_NOTIFY = "friendAutoNotify";
    private static final Map<String, Boolean> STARTUP_SWITCHES = Map.of(STATUS_QUERY_AND_NOTIFY, true,
            FRIEND_AUTO_NOTIFY, false);

    /**
     * The limits the rules use; {@link #spec()} gives the spec's defaults. The switches start at the
     * spec's defaults (statusQueryAndNotify on, friendAutoNotify off) and change only through {@link #setLive}.
     */
    public record Limits(long heartbeatTimeoutMs, int customStatusMaxBytes, int maxClientsPerUser, long sweepIntervalMs,
                         int maxSubscriptions, int maxTargetsPerCall, long subscriptionExpiryMs) {
        public static Limits spec() {
            return new Limits(400_000, 100, 16, 1_000, 200, 100, 24 * 3_600_000L);
        }

        /** The same limits with a shorter expiry, so that scripts cross it in a few clock moves. */
        public Limits withSubscriptionExpiryMs(long millis) {
            return new Limits(heartbeatTimeoutMs, customStatusMaxBytes, maxClientsPerUser, sweepIntervalMs,
                    maxSubscriptions, maxTargetsPerCall, millis);
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

    /** A custom status expiry the sweep decides, as the CUSTOM_STATUS_EXPIRED event it writes to the log. */
    public record CustomStatusDecision(String userId, long expiresAt, long decidedAt) {
    }

    /** What only the user itself and the admin know: whether it hides, and when its custom status expires. */
    public record Private(boolean invisible, Long customStatusExpiresAt) {
        public static final Private NEVER_SEEN = new Private(false, null);
    }

    /** An expiry the sweep decides, as the SUBSCRIPTIONS_EXPIRED command it writes to the log. */
    public record ExpiryDecision(String subscriber, long notOnlineSince, long decidedAt) {
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
        /** When the shown status last changed (what a snapshot carries). */
        long changedAt = NEVER;
        /** When the user last left ONLINE. */
        long leftOnlineAt = NEVER;
        /** When the custom status expires, null when it does not (or there is none). */
        Long customStatusExpiresAt;
        boolean invisible;
        /** While invisible: the version and time of turning invisible, which is all others see. */
        long hiddenVersion;
        long hiddenSince;

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
    private final List<Notice> notices = new ArrayList<>();
    /** Each subscriber's targets, oldest first; a subscriber with none has no entry. */
    private final Map<String, List<String>> subscriptions = new TreeMap<>();
    /** When each subscriber's list last went from empty to non-empty. */
    private final Map<String, Long> subscribedSince = new TreeMap<>();
    /** userId -> the users on its friend list, whose changes it hears as a friend. */
    private final Map<String, Set<String>> friendLists = new TreeMap<>();
    /** The live overrides of presence.config; a missing key is the start-up value. */
    private final Map<String, Boolean> liveSwitches = new TreeMap<>();
    private final List<ExpiryDecision> expiryDecisions = new ArrayList<>();
    private final List<CustomStatusDecision> customStatusDecisions = new ArrayList<>();
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
        setCustomStatus(userId, customStatus, null);
    }

    /**
     * SET_CUSTOM_STATUS with a time-to-live: refused (70030) without a custom status to expire or
     * outside 1 s to 30 days; the custom status is cleared {@code ttlSeconds} after now. The same text
     * with another expiry changes only the expiry: no one hears of it.
     */
    public void setCustomStatus(String userId, String customStatus, Long ttlSeconds) {
        if (ttlSeconds != null && (customStatus == null || customStatus.isEmpty()
                || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS)) {
            rejections.add(INVALID_EXPIRY);
            return;
        }
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
        Long expiresAt = wanted == null || ttlSeconds == null ? null : now + ttlSeconds * 1000;
        user.customStatus = wanted;
        user.customStatusExpiresAt = expiresAt;
        settle(user, Reason.CUSTOM_STATUS);
    }

    /**
     * CUSTOM_STATUS_EXPIRED, as the sweep writes it (or as it arrives late): the custom status goes only
     * if it is still the one with that expiry, and the expiry has come at the event's time.
     */
    public void customStatusExpired(String userId, long expiresAt) {
        User user = users.get(userId);
        if (user == null || user.customStatus == null || !Objects.equals(user.customStatusExpiresAt, expiresAt)
                || now < expiresAt) {
            return;
        }
        user.customStatus = null;
        user.customStatusExpiresAt = null;
        settle(user, Reason.CUSTOM_STATUS_EXPIRED);
    }

    /**
     * SET_VISIBILITY: a change of its own (a new version) when it changes anything, told to the user
     * itself with the truth; watchers hear what they see change, as if the user went offline (DISCONNECT)
     * or came back (LOGIN, or LOGOUT for a user that is not logged in), and nothing when it looks alike.
     */
    public void setVisibility(String userId, boolean invisible) {
        User known = users.get(userId);
        if (known == null ? !invisible : known.invisible == invisible) {
            return;  // changes nothing, so a user never seen stays unseen (and out of the occupancy)
        }
        User user = users.computeIfAbsent(userId, User::new);
        Status seenBefore = user.invisible ? Status.OFFLINE : user.shownStatus;
        String customSeenBefore = user.invisible ? null : user.shownCustomStatus;
        user.invisible = invisible;
        user.version++;
        user.changedAt = now;
        user.hiddenVersion = user.version;
        user.hiddenSince = now;
        changes.add(new Change(user.userId, user.shownStatus, user.shownCustomStatus, user.shownStatus,
                user.shownCustomStatus, user.version, now, Reason.VISIBILITY));
        notices.add(new Notice(user.userId, user.userId, user.shownStatus, user.shownCustomStatus, user.version, now,
                Reason.VISIBILITY));
        Status seen = invisible ? Status.OFFLINE : user.shownStatus;
        String customSeen = invisible ? null : user.shownCustomStatus;
        if (seen == seenBefore && Objects.equals(customSeen, customSeenBefore)) {
            return;
        }
        Reason reason = invisible || seen == Status.OFFLINE ? Reason.DISCONNECT
                : seen == Status.ONLINE ? Reason.LOGIN : Reason.LOGOUT;
        notifyWatchers(user, new Notice(null, user.userId, seen, customSeen, user.version, now, reason));
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
     * is now or past, and an expiry for every subscriber not ONLINE whose 24 h ran out; every decision
     * is taken on the state before the sweep, then applied as the event it writes to the log, at this time.
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
        List<ExpiryDecision> expired = new ArrayList<>();
        for (String subscriber : subscriptions.keySet()) {
            if (shownStatus(subscriber) != Status.ONLINE
                    && notOnlineSince(subscriber) + limits.subscriptionExpiryMs() <= now) {
                expired.add(new ExpiryDecision(subscriber, notOnlineSince(subscriber), now));
            }
        }
        // Taken on the state before the sweep, like the timeouts: a user timed out in this sweep still has one.
        List<CustomStatusDecision> customExpired = new ArrayList<>();
        for (User user : users.values()) {
            if (user.customStatus != null && user.customStatusExpiresAt != null && user.customStatusExpiresAt <= now) {
                customExpired.add(new CustomStatusDecision(user.userId, user.customStatusExpiresAt, now));
            }
        }
        for (Decision decision : due) {
            decisions.add(decision);
            timedOut(decision.userId(), decision.clientId(), decision.sessionId(), decision.lastHeartbeatAt());
        }
        for (ExpiryDecision decision : expired) {
            expiryDecisions.add(decision);
            subscriptionsExpired(decision.subscriber(), decision.notOnlineSince());
        }
        // Applied after the timeouts of the same sweep: a user timed out meanwhile has no custom status left to clear.
        for (CustomStatusDecision decision : customExpired) {
            customStatusDecisions.add(decision);
            customStatusExpired(decision.userId(), decision.expiresAt());
        }
        long interval = limits.sweepIntervalMs();
        nextSweepAt += ((now - nextSweepAt) / interval + 1) * interval;
    }

    // ---- relations and switches ----------------------------------------------------------------

    /**
     * SUBSCRIBE: refused whole with no target, with the switch off, with more distinct targets than a
     * call may name, or when it names the subscriber. Otherwise each distinct target, in call order,
     * leaves its old place and becomes the newest; then the oldest leave while over the limit. Each
     * target the call subscribed and kept is sent to the subscriber as a snapshot of its current status.
     */
    public void subscribe(String subscriber, List<String> targets) {
        if (targets.isEmpty()) {
            rejections.add(MISSING_FIELD);
            return;
        }
        Set<String> distinct = new LinkedHashSet<>(targets);
        if (refusedCall(subscriber, distinct)) {
            return;
        }
        List<String> held = subscriptions.computeIfAbsent(subscriber, s -> new ArrayList<>());
        if (held.isEmpty()) {
            subscribedSince.put(subscriber, now);
        }
        held.removeAll(distinct);
        held.addAll(distinct);
        while (held.size() > limits.maxSubscriptions()) {
            held.remove(0);
        }
        for (String target : distinct) {
            if (held.contains(target)) {
                notices.add(snapshot(subscriber, target));
            }
        }
    }

    /** UNSUBSCRIBE: the same refusals as SUBSCRIBE; removes the named targets held; no target clears all. */
    public void unsubscribe(String subscriber, List<String> targets) {
        if (targets.isEmpty()) {
            unsubscribeAll(subscriber);
            return;
        }
        Set<String> distinct = new LinkedHashSet<>(targets);
        if (refusedCall(subscriber, distinct)) {
            return;
        }
        List<String> held = subscriptions.get(subscriber);
        if (held != null) {
            held.removeAll(distinct);
            if (held.isEmpty()) {
                clearSubscriptions(subscriber);
            }
        }
    }

    public void unsubscribeAll(String subscriber) {
        if (!switchOn(STATUS_QUERY_AND_NOTIFY)) {
            rejections.add(FEATURE_DISABLED);
            return;
        }
        clearSubscriptions(subscriber);
    }

    /**
     * SUBSCRIPTIONS_EXPIRED, as the sweep writes it (or as it arrives late, after a race): all of the
     * subscriber's subscriptions go, but only if the decision still holds: the subscriber is not ONLINE,
     * its not-ONLINE period is the one the decision was taken on, and that period has lasted the whole
     * expiry time at the event's time (subscriptions are cancelled after 24 h without ONLINE, not before).
     * The switch does not matter: expiry is not a call of the subscriber's.
     */
    public void subscriptionsExpired(String subscriber, long notOnlineSince) {
        if (!subscriptions.containsKey(subscriber) || shownStatus(subscriber) == Status.ONLINE
                || notOnlineSince(subscriber) != notOnlineSince
                || now < notOnlineSince + limits.subscriptionExpiryMs()) {
            return;
        }
        clearSubscriptions(subscriber);
    }

    /** FRIEND_ADDED: {@code userId} has {@code friendId} on its friend list, so watches it as a friend. Never limited. */
    public void friendAdded(String userId, String friendId) {
        friendLists.computeIfAbsent(userId, u -> new TreeSet<>()).add(friendId);
    }

    public void friendRemoved(String userId, String friendId) {
        Set<String> friends = friendLists.get(userId);
        if (friends != null) {
            friends.remove(friendId);
        }
    }

    /** A presence.config record: "true" or "false" sets a switch, null (a tombstone) goes back to the start-up value. */
    public void setLive(String key, String value) {
        if (value == null) {
            liveSwitches.remove(key);
        } else {
            liveSwitches.put(key, Boolean.parseBoolean(value));
        }
    }

        // ---- results -------------------------------------------------------------------------------

    /**
     * Occupancy: how many of the users ever seen (logged in at least once) are in each general status, a
     * user who logged out counting as UNLOGINED; what {@code GET /v1/occupancy} must answer.
     */
    public Map<Status, Long> occupancy() {
        Map<Status, Long> counts = new java.util.EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0L);
        }
        users.values().forEach(user -> counts.merge(user.shownStatus, 1L, Long::sum));
        return counts;
    }

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

    /**
     * The notifications, in the order they were sent: each change to the user itself and then to its
     * watchers (by watcher id), and the snapshots of each SUBSCRIBE in call order.
     */
    public List<Notice> notifications() {
        return List.copyOf(notices);
    }

    /** The timeouts the sweeps decided, in the order of the sweeps (the order within one sweep is not specified). */
    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** The subscription expiries the sweeps decided, in the order of the sweeps. */
    public List<ExpiryDecision> expiryDecisions() {
        return List.copyOf(expiryDecisions);
    }

    /** The custom status expiries the sweeps decided, in the order of the sweeps. */
    public List<CustomStatusDecision> customStatusDecisions() {
        return List.copyOf(customStatusDecisions);
    }

    /** What only the user and the admin see of it. */
    public Private privateOf(String userId) {
        User user = users.get(userId);
        return user == null ? Private.NEVER_SEEN : new Private(user.invisible, user.customStatusExpiresAt);
    }

    /** The user as everyone else sees it: an invisible one is OFFLINE, without custom status or clients, frozen. */
    public UserView publicView(String userId) {
        User user = users.get(userId);
        if (user == null || !user.invisible) {
            return view(userId);
        }
        return new UserView(Status.OFFLINE, null, user.hiddenVersion, List.of());
    }

    /** The subscriber's targets, oldest first. */
    public List<String> subscriptionsOf(String subscriber) {
        return List.copyOf(subscriptions.getOrDefault(subscriber, List.of()));
    }

    /** The subscribers holding subscriptions now. */
    public Set<String> subscribers() {
        return new TreeSet<>(subscriptions.keySet());
    }

    /**
     * When the subscriber's current not-ONLINE period began, as far as the expiry counts it: the later of
     * the moment it last left ONLINE and the moment its list went from empty to non-empty.
     */
    public long notOnlineSince(String subscriber) {
        User user = users.get(subscriber);
        long leftOnline = user == null ? NEVER : user.leftOnlineAt;
        return Math.max(leftOnline, subscribedSince.getOrDefault(subscriber, NEVER));
    }

    public Status shownStatus(String userId) {
        User user = users.get(userId);
        return user == null ? Status.UNLOGINED : user.shownStatus;
    }

    /** The error codes of the records refused to presence.rejected, in order. */
    public List<Integer> rejections() {
        return List.copyOf(rejections);
    }

    // ---- rules shared by the events ------------------------------------------------------------

    /**
     * After any event: leaving ONLINE clears the custom status; a visible difference is one new version,
     * told to the user itself, then to each of its watchers once if statusQueryAndNotify is on: a
     * subscriber always, a friend-watcher if friendAutoNotify is on.
     */
    private void settle(User user, Reason reason) {
        Status status = user.status();
        if (status != Status.ONLINE) {
            user.customStatus = null;
        }
        if (user.customStatus == null) {
            user.customStatusExpiresAt = null;   // an expiry belongs to the custom status it was set with
        }
        if (status == user.shownStatus && Objects.equals(user.customStatus, user.shownCustomStatus)) {
            return;
        }
        user.version++;
        changes.add(new Change(user.userId, user.shownStatus, user.shownCustomStatus, status, user.customStatus,
                user.version, now, reason));
        if (user.shownStatus == Status.ONLINE) {
            user.leftOnlineAt = now;
        }
        user.shownStatus = status;
        user.shownCustomStatus = user.customStatus;
        user.changedAt = now;
        notices.add(new Notice(user.userId, user.userId, status, user.customStatus, user.version, now, reason));
        if (user.invisible) {
            return;                         // others see a hidden user as it was when it hid: nothing changed for them
        }
        notifyWatchers(user, new Notice(null, user.userId, status, user.customStatus, user.version, now, reason));
    }

    /** Sends {@code notice} to each watcher of the user once, if statusQueryAndNotify is on: a subscriber always, a friend if friendAutoNotify is on. */
    private void notifyWatchers(User user, Notice notice) {
        if (!switchOn(STATUS_QUERY_AND_NOTIFY)) {
            return;
        }
        for (String watcher : watchersOf(user.userId)) {
            boolean subscriber = subscriptions.getOrDefault(watcher, List.of()).contains(user.userId);
            if (subscriber || switchOn(FRIEND_AUTO_NOTIFY)) {
                notices.add(new Notice(watcher, notice.userId(), notice.status(), notice.customStatus(), notice.version(),
                        notice.changedAt(), notice.reason()));
            }
        }
    }

    /** Everyone who subscribes to {@code userId} or has it on their friend list, each once, by id. */
    private Set<String> watchersOf(String userId) {
        Set<String> watchers = new TreeSet<>();
        subscriptions.forEach((subscriber, targets) -> {
            if (targets.contains(userId)) {
                watchers.add(subscriber);
            }
        });
        friendLists.forEach((owner, friends) -> {
            if (friends.contains(userId)) {
                watchers.add(owner);
            }
        });
        return watchers;
    }

    private Notice snapshot(String subscriber, String target) {
        User user = users.get(target);
        if (user == null) {
            return new Notice(subscriber, target, Status.UNLOGINED, null, 0, NEVER, Reason.SNAPSHOT);
        }
        if (user.invisible) {
            return new Notice(subscriber, target, Status.OFFLINE, null, user.hiddenVersion, user.hiddenSince, Reason.SNAPSHOT);
        }
        return new Notice(subscriber, target, user.shownStatus, user.shownCustomStatus, user.version, user.changedAt,
                Reason.SNAPSHOT);
    }

    /** The refusals a SUBSCRIBE or UNSUBSCRIBE with targets meets, in this order; true when refused. */
    private boolean refusedCall(String subscriber, Set<String> distinctTargets) {
        Integer code = null;
        if (!switchOn(STATUS_QUERY_AND_NOTIFY)) {
            code = FEATURE_DISABLED;
        } else if (distinctTargets.size() > limits.maxTargetsPerCall()) {
            code = TOO_MANY_TARGETS;
        } else if (distinctTargets.contains(subscriber)) {
            code = SELF_SUBSCRIPTION;
        }
        if (code != null) {
            rejections.add(code);
        }
        return code != null;
    }

    private void clearSubscriptions(String subscriber) {
        subscriptions.remove(subscriber);
        subscribedSince.remove(subscriber);
    }

    private boolean switchOn(String key) {
        return liveSwitches.getOrDefault(key, STARTUP_SWITCHES.get(key));
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
