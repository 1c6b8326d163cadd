package dev.presence.bench.load;

import dev.presence.client.InputRecords;
import dev.presence.core.codec.EnumFallback;
import dev.presence.core.codec.WireFormat;
import dev.presence.schema.EventType;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulates N users with one to three clients each, as gateways would report them: every client
 * logs in first, then a mix dominated by heartbeats, with disconnects, reconnects (a LOGIN with a
 * new session), logouts, custom statuses and subscriptions whose targets are drawn Zipf-like, so a
 * few users gain many watchers. Every event is valid for the state the earlier ones made, so that
 * nothing is refused and the expected outcome is the reference model's.
 * <p>
 * Records are encoded here, ahead of the run, with the client library's {@link InputRecords} (the
 * serializers the engine reads with), so that writing them costs nothing but the send. Events carry
 * no eventId or occurredAt, as a gateway that does not set them writes them.
 */
public final class WorkloadGenerator {

    /** Percentages of the mixed phase; heartbeats take what the others leave. */
    public record Mix(int customStatus, int disconnect, int reconnect, int logout, int subscribe) {
        public static Mix realistic() {
            return new Mix(3, 2, 2, 1, 4);
        }

        /** Presence events only (the reference model knows no subscriptions). */
        public static Mix presenceOnly() {
            return new Mix(4, 3, 3, 2, 0);
        }

        /** Status changes only (no heartbeats): for latency sampling every event notifies. */
        public static Mix changesOnly() {
            return new Mix(40, 30, 30, 0, 0);
        }
    }

    private static final Platform[] PLATFORMS = EnumFallback.known(Platform.class).toArray(Platform[]::new);
    private static final byte DISCONNECTED = 0;
    private static final byte CONNECTED = 1;
    private static final byte LOGGED_OUT = 2;

    private final int users;
    private final InputRecords encoding;
    private final boolean keepEvents;
    private final SplittableRandom random;
    private final Zipf popularity;
    private final byte[][] clientState;
    private final int[][] sessionSeq;
    private final List<Outgoing> records = new ArrayList<>();
    private final List<PresenceEvent> events = new ArrayList<>();
    private final Map<String, Long> counts = new HashMap<>();

    public WorkloadGenerator(int users, WireFormat format, long seed, boolean keepEvents) {
        this.users = users;
        this.encoding = InputRecords.writtenAs(format);
        this.keepEvents = keepEvents;
        this.random = new SplittableRandom(seed);
        this.popularity = new Zipf(users, 1.0);
        this.clientState = new byte[users][];
        this.sessionSeq = new int[users][];
        for (int u = 0; u < users; u++) {
            int clients = 1 + random.nextInt(3);
            clientState[u] = new byte[clients];
            sessionSeq[u] = new int[clients];
            java.util.Arrays.fill(clientState[u], LOGGED_OUT);
        }
    }

    public int users() {
        return users;
    }

    public static String userId(int index) {
        return String.format("user-%07d", index);
    }

    /** Every client of every user logs in, then {@code mixedEvents} events of the mix. */
    public Workload generate(long mixedEvents, Mix mix) {
        for (int u = 0; u < users; u++) {
            for (int c = 0; c < clientState[u].length; c++) {
                login(u, c);
            }
        }
        return mixed(mixedEvents, mix);
    }

    /** {@code events} events of the mix, continuing from the state the earlier ones left. */
    public Workload mixed(long events, Mix mix) {
        for (long i = 0; i < events; i++) {
            next(mix);
        }
        return finish();
    }

    /** Only logins: one per client of every user. */
    public Workload loginsOnly() {
        return generate(0, Mix.realistic());
    }

    /** The records generated since the last call, which start a new workload. */
    public Workload finish() {
        Workload workload = new Workload(users, List.copyOf(records), keepEvents ? List.copyOf(events) : List.of(),
                Map.copyOf(counts));
        records.clear();
        events.clear();
        counts.clear();
        return workload;
    }

    /** A LOGIN of the user's first client (a new session if it was logged in). */
    public void loginFirstClient(int user) {
        login(user, 0);
    }

    public void disconnectAll(int user) {
        for (int client = 0; client < clientState[user].length; client++) {
            if (clientState[user][client] == CONNECTED) {
                clientState[user][client] = DISCONNECTED;
                emit(event(EventType.DISCONNECT, user, client).setSessionId(session(user, client)).build());
            }
        }
    }

    /** One heartbeat to a connected session of {@code user} (a login first if it has none). */
    public void heartbeat(int user) {
        int client = connectedClient(user);
        if (client < 0) {
            login(user, random.nextInt(clientState[user].length));
        } else {
            emit(event(EventType.HEARTBEAT, user, client).setSessionId(session(user, client)).build());
        }
    }

    public void setCustomStatus(int user, String text) {
        if (connectedClient(user) < 0) {
            login(user, 0);
        }
        emit(PresenceEvent.newBuilder().setType(EventType.SET_CUSTOM_STATUS).setUserId(userId(user))
                .setCustomStatus(text).build());
    }

    private void next(Mix mix) {
        int user = random.nextInt(users);
        int roll = random.nextInt(100);
        int edge = mix.customStatus();
        if (roll < edge) {
            if (connectedClient(user) >= 0) {
                emit(PresenceEvent.newBuilder().setType(EventType.SET_CUSTOM_STATUS).setUserId(userId(user))
                        .setCustomStatus(random.nextInt(4) == 0 ? "" : "status " + random.nextInt(1000)).build());
            } else {
                heartbeat(user);
            }
            return;
        }
        if (roll < (edge += mix.disconnect())) {
            int client = connectedClient(user);
            if (client >= 0) {
                clientState[user][client] = DISCONNECTED;
                emit(event(EventType.DISCONNECT, user, client).setSessionId(session(user, client)).build());
            } else {
                heartbeat(user);
            }
            return;
        }
        if (roll < (edge += mix.reconnect())) {
            login(user, random.nextInt(clientState[user].length));
            return;
        }
        if (roll < (edge += mix.logout())) {
            int client = random.nextInt(clientState[user].length);
            if (clientState[user][client] != LOGGED_OUT) {
                clientState[user][client] = LOGGED_OUT;
                emit(event(EventType.LOGOUT, user, client).build());
            } else {
                login(user, client);
            }
            return;
        }
        if (roll < edge + mix.subscribe()) {
            subscribe(user);
            return;
        }
        heartbeat(user);
    }

    private void login(int user, int client) {
        sessionSeq[user][client]++;
        clientState[user][client] = CONNECTED;
        emit(event(EventType.LOGIN, user, client).setSessionId(session(user, client))
                .setPlatform(PLATFORMS[(user + client) % PLATFORMS.length]).build());
    }

    private void subscribe(int subscriber) {
        int targets = 1 + random.nextInt(5);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            int target = popularity.next(random);
            if (target != subscriber) {
                chosen.add(userId(target));
            }
        }
        if (chosen.isEmpty()) {
            heartbeat(subscriber);
            return;
        }
        records.add(Outgoing.of(encoding.subscription(SubscriptionCommand.newBuilder()
                .setType(SubscriptionCommandType.SUBSCRIBE).setUserId(userId(subscriber)).setTargets(chosen).build())));
        counts.merge("SUBSCRIBE", 1L, Long::sum);
    }

    private int connectedClient(int user) {
        byte[] states = clientState[user];
        int start = random.nextInt(states.length);
        for (int i = 0; i < states.length; i++) {
            int client = (start + i) % states.length;
            if (states[client] == CONNECTED) {
                return client;
            }
        }
        return -1;
    }

    private PresenceEvent.Builder event(EventType type, int user, int client) {
        return PresenceEvent.newBuilder().setType(type).setUserId(userId(user)).setClientId("c" + client);
    }

    private String session(int user, int client) {
        return "s" + sessionSeq[user][client];
    }

    private void emit(PresenceEvent event) {
        records.add(Outgoing.of(encoding.event(event)));
        counts.merge(event.getType().name(), 1L, Long::sum);
        if (keepEvents) {
            events.add(event);
        }
    }
}
