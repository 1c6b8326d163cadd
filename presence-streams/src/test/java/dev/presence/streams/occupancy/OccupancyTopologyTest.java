package dev.presence.streams.occupancy;

import dev.presence.schema.OccupancyCount;
import dev.presence.schema.Platform;
import dev.presence.schema.UserStatus;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.presence.testkit.Events.customStatus;
import static dev.presence.testkit.Events.disconnect;
import static dev.presence.testkit.Events.heartbeat;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static dev.presence.testkit.Events.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/** Occupancy through the whole topology: kept from each transition, equal to a count of the stored users, rebuilt by a replay. */
@TopologyTest
class OccupancyTopologyTest {

    private final PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void theCountsFollowEachUsersGeneralStatus() {
        assertCounts(engine, 0, 0, 0);

        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", login("alice", "laptop", "l1", Platform.MAC)); // a second device: still one user ONLINE
        engine.send("alice", heartbeat("alice", "phone", "s1"));
        engine.send("alice", customStatus("alice", "busy"));
        assertCounts(engine, 1, 0, 0);

        engine.send("bob", login("bob", "phone", "b1", Platform.IOS));
        engine.send("bob", disconnect("bob", "phone", "b1"));
        assertCounts(engine, 1, 1, 0);

        engine.send("carol", login("carol", "web", "c1", Platform.WEB));
        engine.send("carol", logout("carol", "web"));
        assertCounts(engine, 1, 1, 1);

        engine.send("alice", logout("alice", "phone"));
        assertCounts(engine, 1, 1, 1);
        engine.send("alice", logout("alice", "laptop"));
        assertCounts(engine, 0, 1, 2);

        engine.send("bob", login("bob", "phone", "b2", Platform.IOS));
        assertCounts(engine, 1, 0, 2);
        assertEqualsACountOfTheStore();
    }

    @Test
    void aTimeoutDecidedByTheEngineMovesTheCountWhenItComesBackThroughTheLog() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("bob", login("bob", "phone", "b1", Platform.ANDROID));
        engine.advance(Duration.ofSeconds(200));
        engine.send("bob", heartbeat("bob", "phone", "b1"));
        engine.advance(Duration.ofSeconds(201));

        assertCounts(engine, 1, 1, 0);
        assertEqualsACountOfTheStore();
    }

    @Test
    void usersNeverSeenAndRecordsThatChangeNothingAreNotCounted() {
        engine.sendSubscription("bob", subscribe("bob", "alice", "carol"));
        engine.send("dave", heartbeat("dave", "phone", "d1"));
        engine.send("dave", logout("dave", "phone"));
        engine.send("dave", customStatus("dave", "refused: not ONLINE"));
        engine.send("dave", "garbage");

        assertCounts(engine, 0, 0, 0);
    }

    @Test
    void replayingTheLogIntoAFreshApplicationGivesTheSameCounts() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("bob", login("bob", "phone", "b1", Platform.MAC));
        engine.send("carol", login("carol", "web", "c1", Platform.WEB));
        engine.advance(Duration.ofSeconds(300));
        engine.send("alice", heartbeat("alice", "phone", "s1"));
        engine.send("carol", logout("carol", "web"));
        engine.advance(Duration.ofSeconds(150)); // bob times out
        engine.send("erin", login("erin", "web", "e1", Platform.WEB));
        OccupancyCount original = engine.occupancy();
        assertThat(original).isEqualTo(count(2, 1, 1));
        List<TestRecord<byte[], byte[]>> log = engine.eventLog();

        try (PresenceHarness replay = new PresenceHarness(PresenceSettings.defaults(), "presence-occupancy-replay")) {
            log.forEach(replay::replay);
            assertThat(replay.occupancy()).isEqualTo(original);
        }
    }

    private void assertEqualsACountOfTheStore() {
        KeyValueStore<String, UserStatus> statuses = engine.driver().getKeyValueStore(Stores.USER_STATUS);
        OccupancyCount scanned = OccupancyCounts.zero();
        try (KeyValueIterator<String, UserStatus> all = statuses.all()) {
            while (all.hasNext()) {
                KeyValue<String, UserStatus> entry = all.next();
                scanned = OccupancyCounts.add(scanned, entry.value.getStatus(), 1);
            }
        }
        assertThat(engine.occupancy()).isEqualTo(scanned);
    }

    private static void assertCounts(PresenceHarness engine, long online, long offline, long unlogined) {
        assertThat(engine.occupancy()).isEqualTo(count(online, offline, unlogined));
    }

    static OccupancyCount count(long online, long offline, long unlogined) {
        return OccupancyCount.newBuilder().setOnline(online).setOffline(offline).setUnlogined(unlogined).build();
    }
}
