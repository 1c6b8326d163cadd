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
 */
public final class Scripts {

    private Scripts() {
    }

    /** How many users, clients per user and sessions per client a script draws from. */
    record Universe(int users, int clients, int sessions, boolean crowded) {
    }

    /** The units custom statuses are built of: 1, 2, 3 and 4 UTF-8 bytes (the last is a surrogate pair in Java). */
    private static final List<String> UNITS = List.of("a", "é", "€", "😀");

    static final List<String> USERS = List.of("u1", "u2", "u3", "u4");

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
                return tail.map(Scripts::resolve);
            }
            // A list of at most one crowd, so that shrinking can drop it when a failure does not need it.
            Arbitrary<List<Draft>> crowd = crowds().list().ofMaxSize(1);
            return Combinators.combine(crowd, tail).as((prefix, rest) -> {
                List<Draft> all = new ArrayList<>(prefix);
                all.addAll(rest);
                return resolve(all);
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
     * Turns drafts into steps. Aiming at a deadline needs the sessions' heartbeat times, which the
     * reference model knows; this only chooses inputs, it never decides what the engine should do.
     */
    static Script resolve(List<Draft> drafts) {
        PresenceModel tracker = new PresenceModel(PresenceModel.Limits.spec());
        List<Step> steps = new ArrayList<>();
        for (Draft draft : drafts) {
            List<Step> resolved;
            if (draft instanceof Plain plain) {
                resolved = List.of(plain.step());
            } else if (draft instanceof Crowd crowd) {
                resolved = crowdIn(crowd);
            } else if (draft instanceof RacedTimeout raced) {
                resolved = List.of(racedTimeout(tracker, raced));
            } else {
                resolved = aimAtDeadline(tracker, (NearDeadline) draft);
            }
            for (Step step : resolved) {
                step.applyTo(tracker);
                steps.add(step);
            }
        }
        return new Script(steps);
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
