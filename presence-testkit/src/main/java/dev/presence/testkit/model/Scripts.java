package dev.presence.testkit.model;

import dev.presence.testkit.property.Gen;
import dev.presence.testkit.property.Gen.Weighted;
import dev.presence.testkit.property.Shrinker;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generators of scripts that hit the awkward cases often: few users, clients and sessions (so stale
 * sessions, duplicates, out-of-order DISCONNECTs and heartbeats for closed sessions are common),
 * sometimes more clients than the per-user limit, clock moves that land around the 400 s heartbeat
 * timeout and off the 1 s sweep grid, and custom statuses around 100 UTF-8 bytes in 1- to 4-byte characters.
 * <p>
 * {@link #relationScripts} mixes those with subscriptions, friendships, switch flips and clock moves
 * around the subscription expiry, among 3 to 5 users so that relations overlap; sometimes with calls
 * of about a hundred targets from a pool of numbered names, to reach the per-call and per-user limits.
 */
public final class Scripts {

    private Scripts() {
    }

    /** How many users, clients per user and sessions per client a script draws from. */
    public record Universe(int users, int clients, int sessions, boolean crowded) {
    }

    /** The units custom statuses are built of: 1, 2, 3 and 4 UTF-8 bytes (the last is a surrogate pair in Java). */
    private static final List<String> UNITS = List.of("a", "é", "€", "😀");

    static final List<String> USERS = List.of("u1", "u2", "u3", "u4", "u5");

    /** Targets no script ever logs in: subscribing to them gives a snapshot of a never-seen user. */
    private static final List<String> STRANGERS = List.of("x1", "x2");

    /** The subscription expiry the relation scripts run under: the spec's 24 h scaled down, so clock moves stay few. */
    public static final PresenceModel.Limits RELATION_LIMITS = PresenceModel.Limits.spec().withSubscriptionExpiryMs(30 * 60_000L);

    private static final List<String> PLATFORMS = List.of("ANDROID", "IOS", "WEB", "WINDOWS", "MAC", "IPAD", "LINUX", "OTHER");

    public static Gen<Script> scripts() {
        Gen<Universe> ordinary = Gen.combine(Gen.between(2, 4), Gen.between(1, 3), Gen.between(1, 3),
                (users, clients, sessions) -> new Universe(users, clients, sessions, false));
        Gen<Universe> crowded = Gen.combine(Gen.between(2, 3), Gen.between(17, 18), Gen.between(1, 2),
                (users, clients, sessions) -> new Universe(users, clients, sessions, true));
        Gen<Universe> universes = Gen.frequency(Gen.weight(3, ordinary), Gen.weight(2, crowded));
        return universes.flatMap(universe -> {
            Gen<List<Draft>> tail = drafts(universe).list(1, 50);
            if (!universe.crowded()) {
                return tail.map(drafts -> resolve(drafts, PresenceModel.Limits.spec()));
            }
            // At most one crowd (sixteen logins, the limit); shrinking drops those steps when a failure does not need them.
            Gen<List<Draft>> crowd = crowds().list(0, 1);
            return Gen.combine(crowd, tail, (prefix, rest) -> {
                List<Draft> all = new ArrayList<>(prefix);
                all.addAll(rest);
                return resolve(all, PresenceModel.Limits.spec());
            });
        });
    }

    /** What a relation script may contain beyond status events, subscriptions and friendships. */
    public enum Extras {
        /** Switch flips anywhere. */
        FLIPS,
        /** Switches set once, before anything else, as a replay sees them (presence.config is read whole, not by position). */
        SWITCHES_AT_START,
        /** Switches set once at the start, and SUBSCRIPTIONS_EXPIRED records from producers, stale or early. */
        RACED_EXPIRIES
    }

    /** Relation scripts with switch flips anywhere. */
    public static Gen<Script> relationScripts() {
        return relationScripts(Extras.FLIPS);
    }

    /**
     * Status events of an ordinary universe of 3 to 5 users, mixed with subscriptions, friendships and
     * clock moves up to and around the subscription expiry; a prefix may set the switches and make up to
     * two calls of about a hundred targets, so that later calls meet the 200 limit.
     */
    public static Gen<Script> relationScripts(Extras extras) {
        Gen<Universe> universes = Gen.combine(Gen.between(3, 5), Gen.between(1, 2), Gen.between(1, 2),
                (users, clients, sessions) -> new Universe(users, clients, sessions, false));
        return universes.flatMap(universe -> {
            // Friend notifications are off by default; the prefix turns them on often, so that friends hear.
            Gen<Step> atStart = Gen.frequency(
                    Gen.weight(2, Gen.just(new Step.SetLive(PresenceModel.FRIEND_AUTO_NOTIFY, "true"))),
                    Gen.weight(1, switchFlips()));
            Gen<List<Draft>> switches = plain(atStart).list(0, 2);
            Gen<List<Draft>> crowd = Gen.frequency(
                    Gen.weight(3, Gen.just(List.<Draft>of())),
                    Gen.weight(1, crowdedSubscriber(universe, 1)),
                    Gen.weight(3, crowdedSubscriber(universe, 2)));
            Gen<List<Draft>> tail = Gen.<Draft>frequency(
                            Gen.weight(1, drafts(universe)),
                            Gen.weight(1, relationDrafts(universe, extras)))
                    .list(1, 40);
            return Gen.combine(switches, crowd, tail, (first, second, rest) -> {
                List<Draft> all = new ArrayList<>(first);
                all.addAll(second);
                all.addAll(rest);
                return resolve(all, RELATION_LIMITS);
            });
        });
    }

    /**
     * Shrinks a failing script by dropping steps and simplifying the ones left (see {@link #simpler}),
     * under the same limits. Steps are shrunk as the engine ran them, not as they were drafted: a
     * shrunk script is a plain list of inputs that reads as a story and that one can paste into an
     * example test.
     */
    public static Shrinker<Script> shrinker() {
        Shrinker<List<Step>> steps = Shrinker.list(Scripts::simpler);
        return script -> steps.candidates(script.steps()).map(shorter -> new Script(shorter, script.limits()));
    }

    /** Simpler versions of one step: a call with half its targets, a clock move in whole seconds or half as long. */
    public static Stream<Step> simpler(Step step) {
        if (step instanceof Step.Subscribe call && call.targets().size() > 1) {
            return halves(call.targets()).map(targets -> new Step.Subscribe(call.subscriber(), targets));
        }
        if (step instanceof Step.Unsubscribe call && call.targets().size() > 1) {
            return halves(call.targets()).map(targets -> new Step.Unsubscribe(call.subscriber(), targets));
        }
        if (step instanceof Step.Advance advance && advance.millis() > 1) {
            long millis = advance.millis();
            Stream<Long> wholeSeconds = millis > 1_000 && millis % 1_000 != 0 ? Stream.of(millis / 1_000 * 1_000) : Stream.empty();
            return Stream.concat(wholeSeconds, Stream.of(millis / 2)).map(Step.Advance::new);
        }
        return Stream.empty();
    }

    private static Stream<List<String>> halves(List<String> targets) {
        int half = targets.size() / 2;
        return Stream.of(targets.subList(0, half), targets.subList(half, targets.size()));
    }

    /** A step as generated: a plain step, or one resolved against the sessions of the moment (crowd, aimed clock move, raced timeout). */
    public sealed interface Draft {
    }

    public record Plain(Step step) implements Draft {
    }

    /**
     * Move the clock to {@code offsetMillis} around the deadline of one connected session (the
     * {@code pick}-th by deadline), then maybe send that session a heartbeat. Random clock moves
     * rarely line up with a deadline; these do, on and off the sweep grid.
     */
    public record NearDeadline(int pick, long offsetMillis, boolean thenHeartbeat) implements Draft {
    }

    /**
     * A SESSION_TIMED_OUT for one client's current session (the {@code pick}-th of all clients), decided
     * on its heartbeat time minus {@code staleness}: 0 is a decision still valid, more is one a refresh
     * overtook. Whatever the session's state now, which is what a decision that raced other events meets.
     */
    public record RacedTimeout(int pick, long staleness) implements Draft {
    }

    /**
     * A CUSTOM_STATUS_EXPIRED for one user's custom status expiry (the {@code pick}-th of those that have
     * one) moved by {@code offsetMillis}, at whatever time it is now: 0 names the current expiry (early,
     * unless it is due), others name an expiry the user's custom status does not carry.
     */
    record RacedCustomExpiry(int pick, long offsetMillis) implements Draft {
    }

    /** u1 logs in on clients c1 to c16, each login followed by a clock move of the matching gap (none if 0). */
    public record Crowd(List<Long> gaps) implements Draft {
    }

    /**
     * Move the clock to {@code offsetMillis} around the moment the subscriptions of one subscriber not
     * ONLINE (the {@code pick}-th by that moment) run out, on and off the sweep grid.
     */
    public record NearExpiry(int pick, long offsetMillis) implements Draft {
    }

    /**
     * A SUBSCRIPTIONS_EXPIRED for one subscriber (the {@code pick}-th of those holding subscriptions),
     * naming the start of its not-ONLINE period minus {@code staleness}, at whatever time it is now: 0 is
     * a decision on the current period, which may still be early; more is one a later period overtook.
     */
    public record RacedExpiry(int pick, long staleness) implements Draft {
    }

    /**
     * Turns drafts into steps. Aiming at a deadline needs the sessions' heartbeat times and the
     * subscribers' not-ONLINE periods, which the reference model knows; this only chooses inputs, it
     * never decides what the engine should do.
     */
    public static Script resolve(List<Draft> drafts, PresenceModel.Limits limits) {
        PresenceModel tracker = new PresenceModel(limits);
        List<Step> steps = new ArrayList<>();
        for (Draft draft : drafts) {
            List<Step> resolved;
            if (draft instanceof Plain plain) {
                resolved = List.of(plain.step());
            } else if (draft instanceof Crowd crowd) {
                resolved = crowdIn(crowd);
            } else if (draft instanceof RacedTimeout raced) {
                resolved = List.of(racedTimeout(tracker, raced));
            } else if (draft instanceof NearExpiry near) {
                resolved = List.of(aimAtExpiry(tracker, limits, near));
            } else if (draft instanceof RacedExpiry raced) {
                resolved = List.of(racedExpiry(tracker, raced));
            } else if (draft instanceof RacedCustomExpiry raced) {
                resolved = List.of(racedCustomExpiry(tracker, raced));
            } else {
                resolved = aimAtDeadline(tracker, (NearDeadline) draft);
            }
            for (Step step : resolved) {
                step.applyTo(tracker);
                steps.add(step);
            }
        }
        return new Script(steps, limits);
    }

    private static Step aimAtExpiry(PresenceModel tracker, PresenceModel.Limits limits, NearExpiry aim) {
        long expiry = limits.subscriptionExpiryMs();
        List<Long> dues = tracker.subscribers().stream()
                .filter(s -> tracker.shownStatus(s) != PresenceModel.Status.ONLINE)
                .map(s -> tracker.notOnlineSince(s) + expiry)
                .sorted()
                .toList();
        if (dues.isEmpty()) {
            return new Step.Advance(Math.max(1, expiry + aim.offsetMillis()));
        }
        long due = dues.get(aim.pick() % dues.size());
        return new Step.Advance(Math.max(1, due + aim.offsetMillis() - tracker.now()));
    }

    private static Step racedCustomExpiry(PresenceModel tracker, RacedCustomExpiry raced) {
        List<Step> candidates = new ArrayList<>();
        for (String user : USERS) {
            Long expiresAt = tracker.privateOf(user).customStatusExpiresAt();
            if (expiresAt != null) {
                candidates.add(new Step.CustomStatusExpired(user, Math.max(0, expiresAt + raced.offsetMillis())));
            }
        }
        if (candidates.isEmpty()) {
            return new Step.CustomStatusExpired("u1", tracker.now());
        }
        return candidates.get(raced.pick() % candidates.size());
    }

    private static Step racedExpiry(PresenceModel tracker, RacedExpiry raced) {
        List<String> subscribers = new ArrayList<>(tracker.subscribers());
        if (subscribers.isEmpty()) {
            return new Step.SubscriptionsExpired("u1", 0);
        }
        String subscriber = subscribers.get(raced.pick() % subscribers.size());
        return new Step.SubscriptionsExpired(subscriber, tracker.notOnlineSince(subscriber) - raced.staleness());
    }

    private static List<Step> crowdIn(Crowd crowd) {
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i <= crowd.gaps().size(); i++) {
            steps.add(new Step.Login("u1", "c" + i, "s1", platformOf("c" + i)));
            long gap = crowd.gaps().get(i - 1);
            if (gap > 0) {
                steps.add(new Step.Advance(gap));
            }
        }
        return steps;
    }

    private static Step racedTimeout(PresenceModel tracker, RacedTimeout raced) {
        List<Step.TimedOut> candidates = new ArrayList<>();
        for (String user : USERS) {
            for (PresenceModel.Client client : tracker.view(user).clients()) {
                candidates.add(new Step.TimedOut(user, client.clientId(), client.sessionId(),
                        client.lastHeartbeatAt() - raced.staleness()));
            }
        }
        if (candidates.isEmpty()) {
            return new Step.TimedOut("u1", "c1", "s1", 0);
        }
        return candidates.get(raced.pick() % candidates.size());
    }

    private static List<Step> aimAtDeadline(PresenceModel tracker, NearDeadline aim) {
        long timeout = PresenceModel.Limits.spec().heartbeatTimeoutMs();
        record Target(String userId, PresenceModel.Client client) {
        }
        List<Target> connected = new ArrayList<>();
        for (String user : USERS) {
            for (PresenceModel.Client client : tracker.view(user).clients()) {
                if (client.state() == PresenceModel.SessionState.CONNECTED) {
                    connected.add(new Target(user, client));
                }
            }
        }
        if (connected.isEmpty()) {
            return List.of(new Step.Advance(Math.max(1, timeout + aim.offsetMillis())));
        }
        connected.sort(java.util.Comparator.comparingLong(t -> t.client().lastHeartbeatAt()));
        Target target = connected.get(aim.pick() % connected.size());
        long wait = target.client().lastHeartbeatAt() + timeout + aim.offsetMillis() - tracker.now();
        Step advance = new Step.Advance(Math.max(1, wait));
        if (!aim.thenHeartbeat()) {
            return List.of(advance);
        }
        return List.of(advance, new Step.Heartbeat(target.userId(), target.client().clientId(),
                target.client().sessionId()));
    }

    public static Gen<Draft> drafts(Universe universe) {
        Gen<String> users = universe.crowded()
                ? Gen.frequency(Gen.weight(6, Gen.just("u1")), Gen.weight(2, ids("u", universe.users())))
                : ids("u", universe.users());
        // Past the limit, the clients beyond the first sixteen come up often, so that logins evict.
        Gen<String> clients = universe.crowded()
                ? Gen.frequency(Gen.weight(2, ids("c", universe.clients())), Gen.weight(1, Gen.of("c17", "c18")))
                : ids("c", universe.clients());
        Gen<String> sessions = ids("s", universe.sessions());

        Gen<Step> login = Gen.combine(users, clients, sessions, Gen.between(0, 9),
                (u, c, s, odd) -> new Step.Login(u, c, s, odd == 0 ? "IPAD" : platformOf(c)));
        Gen<Step> heartbeat = Gen.combine(users, clients, sessions, Step.Heartbeat::new);
        Gen<Step> logout = Gen.combine(users, clients, Step.Logout::new);
        Gen<Step> disconnect = Gen.combine(users, clients, sessions, Step.Disconnect::new);
        Gen<Step> custom = Gen.combine(users, customStatuses(), Step.SetCustomStatus::new);
        Gen<Step> advance = advances().map(Step.Advance::new);
        Gen<Step> expiring = Gen.combine(users, Gen.frequency(Gen.weight(6, Gen.of("busy", "in a meeting")),
                Gen.weight(1, Gen.of((String) null, ""))), ttlSeconds(), Step.SetCustomStatusFor::new);
        Gen<Step> visibility = Gen.combine(users, Gen.of(true, true, false), Step.SetVisibility::new);
        Gen<Draft> plain = plain(Gen.frequency(
                Gen.weight(2, expiring),
                Gen.weight(1, visibility),
                Gen.weight(universe.crowded() ? 8 : 5, login),
                Gen.weight(6, heartbeat),
                Gen.weight(3, disconnect),
                Gen.weight(2, logout),
                Gen.weight(3, custom),
                Gen.weight(4, advance)));
        Gen<Long> offsets = Gen.frequency(
                Gen.weight(3, Gen.of(-1L, 0L, 1L)),
                Gen.weight(2, Gen.longsBetween(-1_000, 1_000)));
        Gen<Draft> nearDeadline = Gen.combine(Gen.between(0, 3), offsets, Gen.of(true, false), NearDeadline::new);
        Gen<Draft> racedTimeout = Gen.combine(Gen.between(0, 20),
                Gen.frequency(Gen.weight(3, Gen.just(0L)), Gen.weight(1, Gen.of(1L, 2L, 400_000L))),
                RacedTimeout::new);
        Gen<Draft> racedCustomExpiry = Gen.combine(Gen.between(0, 20), Gen.of(0L, 0L, -1_000L, 1_000L),
                RacedCustomExpiry::new);
        return Gen.frequency(Gen.weight(18, plain), Gen.weight(2, nearDeadline), Gen.weight(1, racedTimeout),
                Gen.weight(1, racedCustomExpiry));
    }

    /** Subscriptions, unsubscriptions, friendships, switch flips and clock moves around the expiry. */
    public static Gen<Draft> relationDrafts(Universe universe, Extras extras) {
        Gen<String> users = ids("u", universe.users());
        Gen<String> targetPool = Gen.frequency(Gen.weight(5, users), Gen.weight(1, Gen.of(STRANGERS)));
        Gen<Step> subscribe = Gen.combine(users, targetPool.list(1, 4), Gen.between(0, 19),
                (subscriber, targets, odd) -> new Step.Subscribe(subscriber, aimedAt(subscriber, targets, odd)));
        Gen<Step> unsubscribe = Gen.combine(users, targetPool.list(0, 3), Gen.between(0, 19),
                (subscriber, targets, odd) -> new Step.Unsubscribe(subscriber, aimedAt(subscriber, targets, odd)));
        Gen<Step> unsubscribeAll = users.map(Step.UnsubscribeAll::new);
        Gen<Step> friendAdded = Gen.combine(users, users, Step.FriendAdded::new)
                .filter(f -> !f.userId().equals(f.friendId())).map(Step.class::cast);
        Gen<Step> friendRemoved = Gen.combine(users, users, Step.FriendRemoved::new)
                .filter(f -> !f.userId().equals(f.friendId())).map(Step.class::cast);
        Gen<Step> longAdvance = Gen.frequency(
                        Gen.weight(2, Gen.longsBetween(300, 2_400).map(seconds -> seconds * 1_000)),
                        Gen.weight(1, Gen.longsBetween(-2_000, 2_000)
                                .map(offset -> RELATION_LIMITS.subscriptionExpiryMs() + offset)))
                .map(Step.Advance::new);
        Gen<Draft> nearExpiry = Gen.combine(Gen.between(0, 4),
                Gen.frequency(
                        Gen.weight(3, Gen.of(-1L, 0L, 1L)),
                        Gen.weight(2, Gen.longsBetween(-1_500, 1_500))),
                NearExpiry::new);
        Gen<Draft> racedExpiry = Gen.combine(Gen.between(0, 4),
                Gen.frequency(
                        Gen.weight(3, Gen.just(0L)),
                        Gen.weight(1, Gen.of(1L, 1_000L, RELATION_LIMITS.subscriptionExpiryMs()))),
                RacedExpiry::new);

        // Logins and logouts here too, so that the users watched change often enough for watchers to hear.
        Gen<Step> login = Gen.combine(users, ids("c", universe.clients()), ids("s", universe.sessions()),
                (u, c, session) -> new Step.Login(u, c, session, platformOf(c)));
        Gen<Step> logout = Gen.combine(users, ids("c", universe.clients()), Step.Logout::new);

        List<Weighted<Draft>> choices = new ArrayList<>();
        choices.add(Gen.weight(4, plain(login)));
        choices.add(Gen.weight(1, plain(logout)));
        choices.add(Gen.weight(6, plain(subscribe)));
        choices.add(Gen.weight(2, plain(unsubscribe)));
        choices.add(Gen.weight(1, plain(unsubscribeAll)));
        choices.add(Gen.weight(3, plain(friendAdded)));
        choices.add(Gen.weight(1, plain(friendRemoved)));
        choices.add(Gen.weight(1, plain(bigCalls(universe, true))));
        choices.add(Gen.weight(2, plain(longAdvance)));
        choices.add(Gen.weight(2, nearExpiry));
        if (extras == Extras.FLIPS) {
            choices.add(Gen.weight(2, plain(switchFlips())));
        }
        if (extras == Extras.RACED_EXPIRIES) {
            choices.add(Gen.weight(3, racedExpiry));
        }
        return Gen.frequency(choices);
    }

    private static Gen<Draft> plain(Gen<Step> steps) {
        return steps.map(Plain::new);
    }

    /**
     * Targets for a call of {@code subscriber}: never itself, except one call in twenty, which must be
     * refused whole. A call left with no target is an UNSUBSCRIBE of everything, or a SUBSCRIBE refused.
     */
    private static List<String> aimedAt(String subscriber, List<String> targets, int odd) {
        List<String> aimed = new ArrayList<>(targets.stream().filter(t -> !t.equals(subscriber)).toList());
        if (odd == 0) {
            aimed.add(aimed.size() / 2, subscriber);
        }
        return aimed;
    }

    /** statusQueryAndNotify or friendAutoNotify set on, off, or back to its start-up value. */
    public static Gen<Step> switchFlips() {
        return Gen.combine(
                Gen.of(PresenceModel.STATUS_QUERY_AND_NOTIFY, PresenceModel.FRIEND_AUTO_NOTIFY),
                Gen.frequency(Gen.weight(2, Gen.of("true", "false")), Gen.weight(1, Gen.just((String) null))),
                Step.SetLive::new);
    }

    /**
     * u1 subscribes to "t1".."t100" and then "t101".."t200" (or only the first run), give or take one
     * target, a few duplicates and one of the universe's users: at or near the 200 limit, so that the
     * subscriptions the script goes on to make push the oldest out.
     */
    public static Gen<List<Draft>> crowdedSubscriber(Universe universe, int calls) {
        Gen<Draft> call = Gen.combine(
                Gen.frequency(Gen.weight(5, Gen.just(100)), Gen.weight(1, Gen.of(99, 101))),
                Gen.of(0, 0, 1, 5),
                Gen.frequency(Gen.weight(2, Gen.just("")), Gen.weight(1, ids("u", universe.users()))),
                (size, again, user) -> new Plain(new Step.Subscribe("u1", numbered("u1", 1, size, again, user))));
        return call.list(calls).map(drafts -> {
            List<Draft> runs = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                // The i-th call's run starts where the previous ones end.
                Step.Subscribe s = (Step.Subscribe) ((Plain) drafts.get(i)).step();
                int shift = 100 * i;
                runs.add(new Plain(new Step.Subscribe(s.subscriber(), s.targets().stream()
                        .map(t -> t.startsWith("t") ? "t" + (Integer.parseInt(t.substring(1)) + shift) : t).toList())));
            }
            return runs;
        });
    }

    /**
     * A call of about a hundred targets: a run of numbered names "t1".."t300" of 99, 100 or 101 (or, for
     * an UNSUBSCRIBE, also 150), with a few repeated (duplicates count once) and maybe one of the
     * universe's users among them, so that its changes reach the subscriber as well.
     */
    public static Gen<Step> bigCalls(Universe universe, boolean withUnsubscribe) {
        Gen<String> subscriber = universe.users() > 3
                ? Gen.frequency(Gen.weight(3, Gen.just("u1")), Gen.weight(1, ids("u", universe.users())))
                : Gen.just("u1");
        Gen<Integer> from = Gen.of(1, 51, 101, 151, 201);
        Gen<Integer> size = Gen.frequency(
                Gen.weight(4, Gen.just(100)), Gen.weight(1, Gen.just(99)), Gen.weight(1, Gen.just(101)));
        Gen<Integer> repeats = Gen.of(0, 0, 1, 5);
        Gen<String> withUser = Gen.frequency(
                Gen.weight(2, Gen.just("")), Gen.weight(1, ids("u", universe.users())));
        Gen<Step> subscribe = Gen.combine(subscriber, from, size, repeats, withUser,
                (s, first, n, again, user) -> new Step.Subscribe(s, numbered(s, first, n, again, user)));
        if (!withUnsubscribe) {
            return subscribe;
        }
        Gen<Step> unsubscribe = Gen.combine(subscriber, from, Gen.of(100, 100, 101, 150),
                (s, first, n) -> new Step.Unsubscribe(s, numbered(s, first, n, 0, "")));
        return Gen.frequency(Gen.weight(4, subscribe), Gen.weight(1, unsubscribe));
    }

    /** {@code distinct} targets: a run of numbered names from {@code from}, with {@code user} in the middle if given, then {@code repeats} of them again. */
    private static List<String> numbered(String subscriber, int from, int distinct, int repeats, String user) {
        boolean withUser = !user.isEmpty() && !user.equals(subscriber);
        int run = withUser ? distinct - 1 : distinct;
        List<String> targets = new ArrayList<>(IntStream.range(from, from + run).mapToObj(i -> "t" + i).toList());
        if (withUser) {
            targets.add(targets.size() / 2, user);
        }
        targets.addAll(targets.subList(0, Math.min(repeats, targets.size())));
        return targets;
    }

    /** Sixteen logins of u1 (the limit), a millisecond or a second apart or at the same time, so the next new client evicts. */
    public static Gen<Draft> crowds() {
        return Gen.of(0L, 1L, 1_000L).list(16).map(Crowd::new);
    }

    /** Clock moves in milliseconds: off the sweep grid, whole seconds, right around the timeout, and beyond it. */
    /** Times to live around the sweeps, the heartbeat timeout, and the 30-day bound on both sides; some refused. */
    public static Gen<Long> ttlSeconds() {
        return Gen.frequency(
                Gen.weight(5, Gen.longsBetween(1, 130)),
                Gen.weight(2, Gen.longsBetween(395, 405)),
                Gen.weight(1, Gen.of(0L, -1L, PresenceModel.MAX_TTL_SECONDS, PresenceModel.MAX_TTL_SECONDS + 1)));
    }

    public static Gen<Long> advances() {

        return Gen.frequency(
                Gen.weight(2, Gen.longsBetween(1, 999)),
                Gen.weight(4, Gen.longsBetween(1, 120).map(seconds -> seconds * 1_000)),
                Gen.weight(3, Gen.longsBetween(398_500, 401_500)),
                Gen.weight(1, Gen.of(399_000L, 399_999L, 400_000L, 400_001L, 401_000L)),
                Gen.weight(1, Gen.longsBetween(400, 1_000).map(seconds -> seconds * 1_000)));
    }

    /** Null, empty, a few short repeated values (for "unchanged" no-ops), and lengths around the byte limit. */
    public static Gen<String> customStatuses() {
        Gen<Integer> targetBytes = Gen.frequency(
                Gen.weight(3, Gen.just(100)),
                Gen.weight(3, Gen.just(101)),
                Gen.weight(3, Gen.between(95, 106)));
        Gen<String> nearTheLimit = Gen.combine(Gen.of(UNITS).list(0, 8), Gen.of(UNITS), targetBytes, Scripts::ofBytes);
        return Gen.frequency(
                Gen.weight(1, Gen.just((String) null)),
                Gen.weight(1, Gen.just("")),
                Gen.weight(4, Gen.of("busy", "in a meeting", "🎧 musique")),
                Gen.weight(4, nearTheLimit));
    }

    /** {@code mix} then {@code unit} repeated, then "a" to fill: exactly {@code bytes} UTF-8 bytes. */
    public static String ofBytes(List<String> mix, String unit, int bytes) {
        StringBuilder text = new StringBuilder();
        int used = 0;
        for (String m : mix) {
            int size = utf8(m);
            if (used + size > bytes) {
                break;
            }
            text.append(m);
            used += size;
        }
        int unitSize = utf8(unit);
        while (used + unitSize <= bytes) {
            text.append(unit);
            used += unitSize;
        }
        while (used < bytes) {
            text.append('a');
            used++;
        }
        return text.toString();
    }

    private static int utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static Gen<String> ids(String prefix, int count) {
        return Gen.of(IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList());
    }

    /** A client keeps its platform, so a repeated LOGIN of a live session is usually the same one. */
    private static String platformOf(String clientId) {
        return PLATFORMS.get(Integer.parseInt(clientId.substring(1)) % PLATFORMS.size());
    }
}
