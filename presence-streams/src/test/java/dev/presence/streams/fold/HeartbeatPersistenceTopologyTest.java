package dev.presence.streams.fold;

import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.SessionState;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.presence.testkit.Events.heartbeat;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeats held in memory and persisted now and then ({@link HeartbeatPersistence}), through the
 * whole topology: what is written, what reads see, what a restore costs in timeout accuracy, and
 * what a replay of the log rebuilds. Heartbeat timeout 80 s, so the persistence interval is 40 s.
 */
@TopologyTest
class HeartbeatPersistenceTopologyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(80);
    private static final Duration BEAT = TIMEOUT.dividedBy(8);
    private static final long START = PresenceHarness.START.toEpochMilli();
    private static final PresenceSettings SETTINGS = PresenceSettings.builder().heartbeatTimeout(TIMEOUT).build();

    @Test
    void clientsBeatingEveryEighthOfTheTimeoutHaveEveryFourthHeartbeatWrittenAndReadsSeeEveryOne() {
        try (PresenceHarness engine = new PresenceHarness(SETTINGS)) {
            engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            engine.changelog(Stores.USER_STATUS);
            int beats = 32;   // four timeouts' worth
            for (int i = 1; i <= beats; i++) {
                engine.advance(BEAT);
                engine.send("alice", heartbeat("alice", "phone", "s1"));
                UserStatus read = engine.stored("alice");
                assertThat(read.getClients().get(0).getLastHeartbeatAt()).isEqualTo(engine.now().toEpochMilli());
                assertThat(read.getLastSeenAt()).isEqualTo(engine.now().toEpochMilli());
            }
            List<TestRecord<byte[], byte[]>> written = engine.changelog(Stores.USER_STATUS);
            assertThat(written).as("status records written for %d heartbeats", beats).hasSize(beats / 4);
            assertThat(engine.engineWritten(Topics.EVENTS, PresenceEvent.class)).as("no timeout decided").isEmpty();
            assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
        }
    }

    @Test
    void aSessionThatStopsBeatingTimesOutOneTimeoutAfterItsExactLastHeartbeatWhileNothingIsRestored() {
        try (PresenceHarness engine = new PresenceHarness(SETTINGS)) {
            engine.send("bob", login("bob", "laptop", "b1", Platform.MAC));
            for (int i = 0; i < 3; i++) {   // 30 s of heartbeats, none of them persisted
                engine.advance(BEAT);
                engine.send("bob", heartbeat("bob", "laptop", "b1"));
            }
            long lastHeartbeat = engine.now().toEpochMilli();
            long decidedAt = advanceUntilTimeout(engine, "bob", Duration.ofSeconds(300));
            assertThat(decidedAt).isBetween(lastHeartbeat + TIMEOUT.toMillis(),
                    lastHeartbeat + TIMEOUT.toMillis() + SETTINGS.timeoutCheckInterval().toMillis());
            UserStatus bob = engine.stored("bob");
            assertThat(bob.getClients().get(0).getState()).isEqualTo(SessionState.TIMED_OUT);
            assertThat(bob.getClients().get(0).getLastHeartbeatAt()).isEqualTo(lastHeartbeat);
        }
    }

    /**
     * A second engine takes over from the changelogs alone (the first one's memory is lost): a client
     * that keeps beating is never timed out, one that stopped is timed out no earlier than its exact
     * deadline and at most one persistence interval (plus a sweep) after it.
     */
    @Test
    void afterARestoreSilentSessionsGetAGraceOfAtMostThePersistenceIntervalAndLiveOnesNone() {
        long exactLastBeat;
        long persistedBeat;
        Instant takeover;
        try (PresenceHarness first = new PresenceHarness(SETTINGS, "presence-first")) {
            first.send("alice", login("alice", "phone", "a1", Platform.ANDROID));
            first.send("bob", login("bob", "laptop", "b1", Platform.MAC));
            for (int i = 0; i < 7; i++) {   // the 4th heartbeat (40 s) is persisted, the 5th to 7th are not
                first.advance(BEAT);
                first.send("alice", heartbeat("alice", "phone", "a1"));
                first.send("bob", heartbeat("bob", "laptop", "b1"));
            }
            exactLastBeat = first.now().toEpochMilli();
            takeover = first.now();
            try (PresenceHarness second = new PresenceHarness(SETTINGS, "presence-second", takeover)) {
                second.restoreStatusesFrom(first);
                persistedBeat = second.stored("bob").getClients().get(0).getLastHeartbeatAt();
                assertThat(persistedBeat).as("what the restore brought back").isEqualTo(START + 40_000);

                Long bobDecidedAt = null;
                long graceEnd = persistedBeat + TIMEOUT.toMillis() + TIMEOUT.toMillis() / 2;
                for (long t = 0; t < 200; t++) {
                    second.advance(Duration.ofSeconds(1));
                    if (t % 10 == 9) {
                        second.send("alice", heartbeat("alice", "phone", "a1"));
                    }
                    for (PresenceEvent decision : second.engineWritten(Topics.EVENTS, PresenceEvent.class)) {
                        assertThat(decision.getUserId()).as("only bob stopped beating").isEqualTo("bob");
                        bobDecidedAt = decision.getOccurredAt();
                    }
                }
                assertThat(bobDecidedAt).as("bob timed out").isNotNull();
                assertThat(bobDecidedAt).as("never before bob's exact deadline, at most the grace after it")
                        .isBetween(exactLastBeat + TIMEOUT.toMillis(),
                                graceEnd + SETTINGS.timeoutCheckInterval().toMillis());
                assertThat(second.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
                assertThat(second.stored("bob").getStatus()).isEqualTo(Status.OFFLINE);
            }
        }
    }

    /**
     * The engine's own log (its timeout decisions included) fed into a fresh application gives the same
     * stores and the same presence.status records, with most heartbeats never written to the store.
     */
    @Test
    void replayingTheLogRebuildsTheSameStatusesWhenHeartbeatsWereHeldInMemory() {
        List<TestRecord<byte[], byte[]>> log;
        Map<String, UserStatus> original;
        List<UserStatus> originalStatusTopic;
        List<PresenceEvent> decisions;
        try (PresenceHarness first = new PresenceHarness(SETTINGS, "presence-original")) {
            first.send("alice", login("alice", "phone", "a1", Platform.ANDROID));
            first.send("bob", login("bob", "laptop", "b1", Platform.MAC));
            first.send("carol", login("carol", "web", "c1", Platform.WEB));
            for (int i = 0; i < 20; i++) {
                first.advance(BEAT.plusMillis(i * 137L));
                first.send("alice", heartbeat("alice", "phone", "a1"));
                if (i < 5 || i > 15) {   // bob is silent in between: timed out, then revived
                    first.send("bob", heartbeat("bob", "laptop", "b1"));
                }
                if (i == 12) {
                    first.send("carol", logout("carol", "web"));
                }
            }
            first.advance(TIMEOUT.multipliedBy(2));   // everyone left times out
            decisions = first.engineWritten(Topics.EVENTS, PresenceEvent.class);
            log = first.eventLog();
            original = storeOf(first, "alice", "bob", "carol");
            originalStatusTopic = first.statusOutput();
        }
        assertThat(decisions).as("timeouts decided and logged").hasSizeGreaterThanOrEqualTo(3);
        try (PresenceHarness replay = new PresenceHarness(SETTINGS, "presence-replay")) {
            for (TestRecord<byte[], byte[]> record : log) {
                replay.replay(record);
            }
            assertThat(storeOf(replay, "alice", "bob", "carol")).isEqualTo(original);
            assertThat(replay.statusOutput()).isEqualTo(originalStatusTopic);
        }
    }

    /** Moves time one second at a time until the engine decides a timeout for the user; returns when. */
    private static long advanceUntilTimeout(PresenceHarness engine, String userId, Duration limit) {
        for (long s = 0; s < limit.toSeconds(); s++) {
            engine.advance(Duration.ofSeconds(1));
            List<PresenceEvent> decided = new ArrayList<>(engine.engineWritten(Topics.EVENTS, PresenceEvent.class));
            for (PresenceEvent decision : decided) {
                if (decision.getUserId().equals(userId)) {
                    return decision.getOccurredAt();
                }
            }
        }
        throw new AssertionError("no timeout decided for " + userId + " within " + limit);
    }

    private static Map<String, UserStatus> storeOf(PresenceHarness harness, String... users) {
        Map<String, UserStatus> statuses = new TreeMap<>();
        for (String user : users) {
            statuses.put(user, harness.stored(user));
        }
        return statuses;
    }
}
