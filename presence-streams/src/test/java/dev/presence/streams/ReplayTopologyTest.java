package dev.presence.streams;

import dev.presence.core.PresenceSettings;

import dev.presence.schema.Platform;
import dev.presence.schema.UserStatus;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.presence.testkit.Events.customStatus;
import static dev.presence.testkit.Events.disconnect;
import static dev.presence.testkit.Events.heartbeat;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event-sourced means replayable: the whole presence.events log (the engine's own timeout decisions
 * included) fed into a fresh application id rebuilds the same statuses, record for record.
 */
@TopologyTest
class ReplayTopologyTest {

    @Test
    void replayingTheEventLogIntoAFreshApplicationRebuildsTheSameStatus() {
        List<TestRecord<byte[], byte[]>> log;
        Map<String, UserStatus> original;
        List<UserStatus> originalStatusTopic;
        try (PresenceHarness first = new PresenceHarness(PresenceSettings.defaults(), "presence-original")) {
            first.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            first.send("bob", login("bob", "laptop", "b1", Platform.MAC));
            first.send("alice", customStatus("alice", "listening to music"));
            first.advance(Duration.ofSeconds(200));
            first.send("alice", heartbeat("alice", "phone", "s1"));
            first.send("carol", login("carol", "web", "c1", Platform.WEB));
            first.send("carol", "garbage that is rejected");
            first.advance(Duration.ofSeconds(250));   // bob times out, written back to the log
            first.send("bob", heartbeat("bob", "laptop", "b1"));   // and revives
            first.send("carol", disconnect("carol", "web", "c1"));
            first.advance(Duration.ofSeconds(500));   // alice and bob time out
            first.send("carol", logout("carol", "web"));
            log = first.eventLog();
            original = storeOf(first, "alice", "bob", "carol");
            originalStatusTopic = first.statusOutput();
        }
        assertThat(log).as("the engine's timeouts are in the log").hasSizeGreaterThan(11);

        try (PresenceHarness replay = new PresenceHarness(PresenceSettings.defaults(), "presence-replay")) {
            // The wall clock stays at the start: only the log decides, as on a replay after the fact.
            for (TestRecord<byte[], byte[]> record : log) {
                replay.replay(record);
            }
            assertThat(storeOf(replay, "alice", "bob", "carol")).isEqualTo(original);
            assertThat(replay.statusOutput()).isEqualTo(originalStatusTopic);
        }
    }

    private static Map<String, UserStatus> storeOf(PresenceHarness harness, String... users) {
        Map<String, UserStatus> statuses = new TreeMap<>();
        for (String user : users) {
            statuses.put(user, harness.stored(user));
        }
        return statuses;
    }
}
