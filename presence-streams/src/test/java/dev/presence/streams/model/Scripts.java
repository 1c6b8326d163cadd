package dev.presence.streams.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

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
    record Universe(int users, int clients, int sessions, boolean crowded) {
    }

    /** The units custom statuses are built of: 1, 2, 3 and 4 UTF-8 bytes (the last is a surrogate pair in Java). */
    private static final List<String> UNITS = List.of("a", "é", "€", "😀");

    static final List<String> USERS = List.of("u1", "u2", "u3", "u4", "u5");

    /** Targets no script ever logs in: subscribing to them gives a snapshot of a never-seen user. */
    private static final List<String> STRANGERS = List.of("x1", "x2");

    /** The subscription expiry the relation scripts run under: the spec's 24 h scaled down, so clock moves stay few. */
    static final PresenceModel.Limits RELATION_LIMITS = PresenceModel.Limits.spec().withSubscriptionExpiryMs(30 * 60_000L);

    private static final List<String> PLATFORMS = List.of("ANDROID", "IOS", "WEB", "WINDOWS", "MAC", "IPAD", "LINUX", "OTHER");

    public static Arbitrary<Script> scripts() {
        Arbitrary<Universe> ordinary = Combinators.combine(
                        Arbitraries.integers().between(2, 4),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 3))
                .as((users, clients, sessions) -> new Universe(users, clients, sessions, false));
        Arbitrary<Universe> crowded = Combinators.combine(
                        Arbitraries.integers().between(2, 3),
                        Arbitraries.integers().between(17, 18),
                        Arbitraries.integers().between(1, 2))
                .as((users, clients, sessions) -> new Universe(users, clients, sessions, true));
        Arbitrary<Universe> universes = Arbitraries.frequencyOf(Tuple.of(3, ordinary), Tuple.of(2, crowded));
        return universes.flatMap(universe -> {
            Arbitrary<List<Draft>> tail = drafts(universe).list().ofMinSize(1).ofMaxSize(50)
                    .withSizeDistribution(RandomDistribution.uniform());
            if (!universe.crowded()) {
                return tail.map(drafts -> resolve(drafts, PresenceModel.Limits.spec()));
            }
            // A list of at most one crowd, so that shrinking can drop it when a failure does not need it.
            Arbitrary<List<Draft>> crowd = crowds().list().ofMaxSize(1);
            return Combinators.combine(crowd, tail).as((prefix, rest) -> {
                List<Draft> all = new ArrayList<>(prefix);
                all.addAll(rest);
                return resolve(all, PresenceModel.Limits.spec());
            });
        });
    }

    /** What a relation script may contain beyond status events, subscriptions and friendships. */
    enum Extras {
        /** Switch flips anywhere. */
        FLIPS,
        /** Switches set once, before anything else, as a replay sees them (presence.config is read whole, not by position). */
        SWITCHES_AT_START,
        /** Switches set once at the start, and SUBSCRIPTIONS_EXPIRED records from producers, stale or early. */
        RACED_EXPIRIES
    }

    /** Relation scripts with switch flips anywhere. */
    public static Arbitrary<Script> relationScripts() {
        return relationScripts(Extras.FLIPS);
    }

    /**
     * Status events of an ordinary universe of 3 to 5 users, mixed with subscriptions, friendships and
     * clock moves up to and around the subscription expiry; a prefix may set the switches and make up to
     * two calls of about a hundred targets, so that later calls meet the 200 limit.
     */
    public static Arbitrary<Script> relationScripts(Extras extras) {
        Arbitrary<Universe> universes = Combinators.combine(
                        Arbitraries.integers().between(3, 5),
                        Arbitraries.integers().between(1, 2),
                        Arbitraries.integers().between(1, 2))
                .as((users, clients, sessions) -> new Universe(users, clients, sessions, false));
        return universes.flatMap(universe -> {
            // Friend notifications are off by default; the prefix turns them on often, so that friends hear.
            Arbitrary<Step> atStart = Arbitraries.frequencyOf(
                    Tuple.of(2, Arbitraries.just(new Step.SetLive(PresenceModel.FRIEND_AUTO_NOTIFY, "true"))),
                    Tuple.of(1, switchFlips()));
            Arbitrary<List<Draft>> switches = plain(atStart).list().ofMaxSize(2);
            Arbitrary<List<Draft>> crowd = Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.just(List.<Draft>of())),
                    Tuple.of(1, crowdedSubscriber(universe, 1)),
                    Tuple.of(3, crowdedSubscriber(universe, 2)));
            Arbitrary<List<Draft>> tail = Arbitraries.frequencyOf(
                            Tuple.of(1, drafts(universe)),
                            Tuple.of(1, relationDrafts(universe, extras)))
                    .list().ofMinSize(1).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform());
            return Combinators.combine(switches, crowd, tail).as((first, second, rest) -> {
                List<Draft> all = new ArrayList<>(first);
                all.addAll(second);
                all.addAll(rest);
                return resolve(all, RELATION_LIMITS);
            });
        });
    }

    /** A step as generated: a plain step, or one resolved against the sessions of the moment (crowd, aimed clock move, raced timeout). */
    sealed interface Draft {
    }

    record Plain(Step step) implements Draft {
    }

    /**
     * Move the clock to {@code offsetMillis} around the deadline of one connected session (the
     * {@code pick}-th by deadline), then maybe send that session a heartbeat. Random clock moves
     * rarely line up with a deadline; these do, on and off the sweep grid.
     */
    record NearDeadline(int pick, long offsetMillis, boolean thenHeartbeat) implements Draft {
    }

    /**
     * A SESSION_TIMED_OUT for one client's current session (the {@code pick}-th of all clients), decided
     * on its heartbeat time minus {@code staleness}: 0 is a decision still valid, more is one a refresh
     * overtook. Whatever the session's state now, which is what a decision that raced other events meets.
     */
    record RacedTimeout(int pick, long staleness) implements Draft {
    }

    /** u1 logs in on clients c1 to c16, each login followed by a clock move of the matching gap (none if 0). */
    record Crowd(List<Long> gaps) implements Draft {
    }

    /**
     * Move the clock to {@code offsetMillis} around the moment the subscriptions of one subscriber not
     * ONLINE (the {@code pick}-th by that moment) run out, on and off the sweep grid.
     */
    record NearExpiry(int pick, long offsetMillis) implements Draft {
    }

    /**
     * A SUBSCRIPTIONS_EXPIRED for one subscriber (the {@code pick}-th of those holding subscriptions),
     * naming the start of its not-ONLINE period minus {@code staleness}, at whatever time it is now: 0 is
     * a decision on the current period, which may still be early; more is one a later period overtook.
     */
    record RacedExpiry(int pick, long staleness) implements Draft {
    }

    /**
     * Turns drafts into steps. Aiming at a deadline needs the sessions' heartbeat times and the
     * subscribers' not-ONLINE periods, which the reference model knows; this only chooses inputs, it
     * never decides what the engine should do.
     */
    static Script resolve(List<Draft> drafts, PresenceModel.Limits limits) {
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

    static Arbitrary<Draft> drafts(Universe universe) {
        Arbitrary<String> users = universe.crowded()
                ? Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("u1")), Tuple.of(2, ids("u", universe.users())))
                : ids("u", universe.users());
        // Past the limit, the clients beyond the first sixteen come up often, so that logins evict.
        Arbitrary<String> clients = universe.crowded()
                ? Arbitraries.frequencyOf(Tuple.of(2, ids("c", universe.clients())), Tuple.of(1, Arbitraries.of("c17", "c18")))
                : ids("c", universe.clients());
        Arbitrary<String> sessions = ids("s", universe.sessions());

        Arbitrary<Step> login = Combinators.combine(users, clients, sessions, Arbitraries.integers().between(0, 9))
                .as((u, c, s, odd) -> new Step.Login(u, c, s, odd == 0 ? "IPAD" : platformOf(c)));
        Arbitrary<Step> heartbeat = Combinators.combine(users, clients, sessions).as(Step.Heartbeat::new);
        Arbitrary<Step> logout = Combinators.combine(users, clients).as(Step.Logout::new);
        Arbitrary<Step> disconnect = Combinators.combine(users, clients, sessions).as(Step.Disconnect::new);
        Arbitrary<Step> custom = Combinators.combine(users, customStatuses()).as(Step.SetCustomStatus::new);
        Arbitrary<Step> advance = advances().map(Step.Advance::new);
        Arbitrary<Draft> plain = Arbitraries.frequencyOf(
                Tuple.of(universe.crowded() ? 8 : 5, login),
                Tuple.of(6, heartbeat),
                Tuple.of(3, disconnect),
                Tuple.of(2, logout),
                Tuple.of(3, custom),
                Tuple.of(4, advance)).map(Plain::new);
        Arbitrary<Long> offsets = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(-1L, 0L, 1L)),
                Tuple.of(2, Arbitraries.longs().between(-1_000, 1_000)));
        Arbitrary<Draft> nearDeadline = Combinators.combine(Arbitraries.integers().between(0, 3), offsets,
                Arbitraries.of(true, false)).as(NearDeadline::new);
        Arbitrary<Draft> racedTimeout = Combinators.combine(Arbitraries.integers().between(0, 20),
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0L)), Tuple.of(1, Arbitraries.of(1L, 2L, 400_000L))))
                .as(RacedTimeout::new);
        return Arbitraries.frequencyOf(Tuple.of(18, plain), Tuple.of(2, nearDeadline), Tuple.of(1, racedTimeout));
    }

    /** Subscriptions, unsubscriptions, friendships, switch flips and clock moves around the expiry. */
    static Arbitrary<Draft> relationDrafts(Universe universe, Extras extras) {
        Arbitrary<String> users = ids("u", universe.users());
        Arbitrary<String> targetPool = Arbitraries.frequencyOf(Tuple.of(5, users), Tuple.of(1, Arbitraries.of(STRANGERS)));
        Arbitrary<Step> subscribe = Combinators.combine(users, targetPool.list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.integers().between(0, 19))
                .as((subscriber, targets, odd) -> new Step.Subscribe(subscriber, aimedAt(subscriber, targets, odd)));
        Arbitrary<Step> unsubscribe = Combinators.combine(users, targetPool.list().ofMaxSize(3),
                        Arbitraries.integers().between(0, 19))
                .as((subscriber, targets, odd) -> new Step.Unsubscribe(subscriber, aimedAt(subscriber, targets, odd)));
        Arbitrary<Step> unsubscribeAll = users.map(Step.UnsubscribeAll::new);
        Arbitrary<Step> friendAdded = Combinators.combine(users, users).as(Step.FriendAdded::new)
                .filter(f -> !f.userId().equals(f.friendId())).map(Step.class::cast);
        Arbitrary<Step> friendRemoved = Combinators.combine(users, users).as(Step.FriendRemoved::new)
                .filter(f -> !f.userId().equals(f.friendId())).map(Step.class::cast);
        Arbitrary<Step> longAdvance = Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.longs().between(300, 2_400).map(seconds -> seconds * 1_000)),
                        Tuple.of(1, Arbitraries.longs().between(-2_000, 2_000)
                                .map(offset -> RELATION_LIMITS.subscriptionExpiryMs() + offset)))
                .map(Step.Advance::new);
        Arbitrary<Draft> nearExpiry = Combinators.combine(Arbitraries.integers().between(0, 4),
                        Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.of(-1L, 0L, 1L)),
                                Tuple.of(2, Arbitraries.longs().between(-1_500, 1_500))))
                .as(NearExpiry::new);
        Arbitrary<Draft> racedExpiry = Combinators.combine(Arbitraries.integers().between(0, 4),
                        Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.just(0L)),
                                Tuple.of(1, Arbitraries.of(1L, 1_000L, RELATION_LIMITS.subscriptionExpiryMs()))))
                .as(RacedExpiry::new);

        // Logins and logouts here too, so that the users watched change often enough for watchers to hear.
        Arbitrary<Step> login = Combinators.combine(users, ids("c", universe.clients()), ids("s", universe.sessions()))
                .as((u, c, session) -> new Step.Login(u, c, session, platformOf(c)));
        Arbitrary<Step> logout = Combinators.combine(users, ids("c", universe.clients())).as(Step.Logout::new);

        List<Tuple.Tuple2<Integer, Arbitrary<Draft>>> choices = new ArrayList<>();
        choices.add(Tuple.of(4, plain(login)));
        choices.add(Tuple.of(1, plain(logout)));
        choices.add(Tuple.of(6, plain(subscribe)));
        choices.add(Tuple.of(2, plain(unsubscribe)));
        choices.add(Tuple.of(1, plain(unsubscribeAll)));
        choices.add(Tuple.of(3, plain(friendAdded)));
        choices.add(Tuple.of(1, plain(friendRemoved)));
        choices.add(Tuple.of(1, plain(bigCalls(universe, true))));
        choices.add(Tuple.of(2, plain(longAdvance)));
        choices.add(Tuple.of(2, nearExpiry));
        if (extras == Extras.FLIPS) {
            choices.add(Tuple.of(2, plain(switchFlips())));
        }
        if (extras == Extras.RACED_EXPIRIES) {
            choices.add(Tuple.of(3, racedExpiry));
        }
        return Arbitraries.frequencyOf(choices);
    }

    private static Arbitrary<Draft> plain(Arbitrary<Step> steps) {
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
    static Arbitrary<Step> switchFlips() {
        return Combinators.combine(
                        Arbitraries.of(PresenceModel.STATUS_QUERY_AND_NOTIFY, PresenceModel.FRIEND_AUTO_NOTIFY),
                        Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of("true", "false")),
                                Tuple.of(1, Arbitraries.just((String) null))))
                .as(Step.SetLive::new);
    }

    /**
     * u1 subscribes to "t1".."t100" and then "t101".."t200" (or only the first run), give or take one
     * target, a few duplicates and one of the universe's users: at or near the 200 limit, so that the
     * subscriptions the script goes on to make push the oldest out.
     */
    static Arbitrary<List<Draft>> crowdedSubscriber(Universe universe, int calls) {
        Arbitrary<Draft> call = Combinators.combine(
                        Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(100)), Tuple.of(1, Arbitraries.of(99, 101))),
                        Arbitraries.of(0, 0, 1, 5),
                        Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")), Tuple.of(1, ids("u", universe.users()))))
                .as((size, again, user) -> new Plain(new Step.Subscribe("u1", numbered("u1", 1, size, again, user))));
        return call.list().ofSize(calls).map(drafts -> {
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
    static Arbitrary<Step> bigCalls(Universe universe, boolean withUnsubscribe) {
        Arbitrary<String> subscriber = universe.users() > 3
                ? Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("u1")), Tuple.of(1, ids("u", universe.users())))
                : Arbitraries.just("u1");
        Arbitrary<Integer> from = Arbitraries.of(1, 51, 101, 151, 201);
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(100)), Tuple.of(1, Arbitraries.just(99)), Tuple.of(1, Arbitraries.just(101)));
        Arbitrary<Integer> repeats = Arbitraries.of(0, 0, 1, 5);
        Arbitrary<String> withUser = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("")), Tuple.of(1, ids("u", universe.users())));
        Arbitrary<Step> subscribe = Combinators.combine(subscriber, from, size, repeats, withUser)
                .as((s, first, n, again, user) -> new Step.Subscribe(s, numbered(s, first, n, again, user)));
        if (!withUnsubscribe) {
            return subscribe;
        }
        Arbitrary<Step> unsubscribe = Combinators.combine(subscriber, from, Arbitraries.of(100, 100, 101, 150))
                .as((s, first, n) -> new Step.Unsubscribe(s, numbered(s, first, n, 0, "")));
        return Arbitraries.frequencyOf(Tuple.of(4, subscribe), Tuple.of(1, unsubscribe));
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
    static Arbitrary<Draft> crowds() {
        return Arbitraries.of(0L, 1L, 1_000L).list().ofSize(16).map(Crowd::new);
    }

    /** Clock moves in milliseconds: off the sweep grid, whole seconds, right around the timeout, and beyond it. */
    static Arbitrary<Long> advances() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs().between(1, 999)),
                Tuple.of(4, Arbitraries.longs().between(1, 120).map(seconds -> seconds * 1_000)),
                Tuple.of(3, Arbitraries.longs().between(398_500, 401_500)),
                Tuple.of(1, Arbitraries.of(399_000L, 399_999L, 400_000L, 400_001L, 401_000L)),
                Tuple.of(1, Arbitraries.longs().between(400, 1_000).map(seconds -> seconds * 1_000)));
    }

    /** Null, empty, a few short repeated values (for "unchanged" no-ops), and lengths around the byte limit. */
    static Arbitrary<String> customStatuses() {
        Arbitrary<Integer> targetBytes = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(100)),
                Tuple.of(3, Arbitraries.just(101)),
                Tuple.of(3, Arbitraries.integers().between(95, 106)));
        Arbitrary<String> nearTheLimit = Combinators.combine(
                        Arbitraries.of(UNITS).list().ofMaxSize(8),
                        Arbitraries.of(UNITS),
                        targetBytes)
                .as(Scripts::ofBytes);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just((String) null)),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(4, Arbitraries.of("busy", "in a meeting", "🎧 musique")),
                Tuple.of(4, nearTheLimit));
    }

    /** {@code mix} then {@code unit} repeated, then "a" to fill: exactly {@code bytes} UTF-8 bytes. */
    static String ofBytes(List<String> mix, String unit, int bytes) {
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

    private static Arbitrary<String> ids(String prefix, int count) {
        return Arbitraries.of(IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList());
    }

    /** A client keeps its platform, so a repeated LOGIN of a live session is usually the same one. */
    private static String platformOf(String clientId) {
        return PLATFORMS.get(Integer.parseInt(clientId.substring(1)) % PLATFORMS.size());
    }
}
