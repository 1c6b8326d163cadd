package dev.presence.streams.history;

import dev.presence.schema.Platform;
import dev.presence.schema.Status;
import dev.presence.schema.Visibility;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static dev.presence.testkit.Events.customStatus;
import static dev.presence.testkit.Events.heartbeat;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static org.assertj.core.api.Assertions.assertThat;

/** The status history the store keeps: every change at its time, timeouts included, trimmed to the retention. */
@TopologyTest
class StatusHistoryTopologyTest {

    private static final long T0 = PresenceHarness.START.toEpochMilli();

    @Test
    void aTimeoutShowsAsOfflineFromTheMomentTheEngineDecidedIt() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults())) {
            engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            engine.send("alice", customStatus("alice", "around"));
            engine.advance(Duration.ofSeconds(401));   // no heartbeat: timed out through the log
            engine.advance(Duration.ofSeconds(99));
            engine.send("alice", heartbeat("alice", "phone", "s1"));   // revives
            engine.advance(Duration.ofSeconds(100));

            List<HistoryInterval> history = engine.history("alice", PresenceHarness.START.minusSeconds(60), engine.now());
            assertThat(history).containsExactly(
                    new HistoryInterval(Status.UNLOGINED, null, Visibility.VISIBLE, T0 - 60_000, T0),
                    new HistoryInterval(Status.ONLINE, "around", Visibility.VISIBLE, T0, T0 + 401_000),
                    new HistoryInterval(Status.OFFLINE, null, Visibility.VISIBLE, T0 + 401_000, T0 + 500_000),
                    new HistoryInterval(Status.ONLINE, null, Visibility.VISIBLE, T0 + 500_000, T0 + 600_000));
            assertThat(engine.history("alice", Instant.ofEpochMilli(T0 + 450_000), Instant.ofEpochMilli(T0 + 460_000)))
                    .as("a window inside one interval").containsExactly(
                            new HistoryInterval(Status.OFFLINE, null, Visibility.VISIBLE, T0 + 450_000, T0 + 460_000));
            assertThat(engine.history("nobody", PresenceHarness.START, engine.now())).singleElement()
                    .satisfies(interval -> assertThat(interval.status()).isEqualTo(Status.UNLOGINED));
        }
    }

    @Test
    void pointsOlderThanTheRetentionAreTrimmedButTheOneThatStillHoldsIsKept() {
        PresenceSettings settings = PresenceSettings.builder().historyRetention(Duration.ofDays(1)).build();
        try (PresenceHarness engine = new PresenceHarness(settings)) {
            for (int i = 0; i < 5; i++) {
                engine.send("alice", login("alice", "phone", "s" + i, Platform.ANDROID));
                engine.advanceRecordTime(Duration.ofHours(1));
                engine.send("alice", logout("alice", "phone"));
                engine.advanceRecordTime(Duration.ofHours(1));
            }
            engine.advanceRecordTime(Duration.ofDays(2));
            engine.send("alice", login("alice", "phone", "late", Platform.ANDROID));

            KeyValueStore<Bytes, byte[]> store = engine.driver().getKeyValueStore("status-history-store");
            int points = 0;
            try (var all = store.all()) {
                while (all.hasNext()) {
                    all.next();
                    points++;
                }
            }
            assertThat(points).as("the last logout (still in force a day ago) and the new login").isEqualTo(2);
            Instant dayAgo = engine.now().minus(Duration.ofDays(1));
            assertThat(engine.history("alice", dayAgo, engine.now().plusSeconds(1))).extracting(HistoryInterval::status)
                    .containsExactly(Status.UNLOGINED, Status.ONLINE);
        }
    }

    @Test
    void aRecordStampedBeforeTheLatestPointDoesNotRewriteWhatFollowed() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults())) {
            engine.advanceRecordTime(Duration.ofMinutes(10));
            engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            engine.advanceRecordTime(Duration.ofMinutes(-5));   // a producer whose clock is behind
            engine.send("alice", customStatus("alice", "late"));

            Instant end = PresenceHarness.START.plus(Duration.ofMinutes(20));
            assertThat(engine.history("alice", PresenceHarness.START, end)).containsExactly(
                    new HistoryInterval(Status.UNLOGINED, null, Visibility.VISIBLE, T0, T0 + 600_000),
                    new HistoryInterval(Status.ONLINE, "late", Visibility.VISIBLE, T0 + 600_000, T0 + 1_200_000));
        }
    }

    @Test
    void onlineTimeIsSplitAtUtcMidnight() {
        long midnight = LocalDate.of(2026, 1, 2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        List<HistoryInterval> intervals = List.of(
                new HistoryInterval(Status.OFFLINE, null, Visibility.VISIBLE, midnight - 7_200_000, midnight - 3_600_000),
                new HistoryInterval(Status.ONLINE, "x", Visibility.VISIBLE, midnight - 3_600_000, midnight + 1_800_000),
                new HistoryInterval(Status.UNLOGINED, null, Visibility.VISIBLE, midnight + 1_800_000, midnight + 3_600_000));

        Map<LocalDate, Long> perDay = StatusHistory.onlinePerUtcDay(intervals);

        assertThat(perDay).containsExactly(
                Map.entry(LocalDate.of(2026, 1, 1), 3_600_000L),
                Map.entry(LocalDate.of(2026, 1, 2), 1_800_000L));
    }
}
