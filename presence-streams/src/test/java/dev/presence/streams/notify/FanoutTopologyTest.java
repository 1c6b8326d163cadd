package dev.presence.streams.notify;

import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.StatusView;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.presence.testkit.Events.friendAdded;
import static dev.presence.testkit.Events.friendRemoved;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static dev.presence.testkit.Events.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/** Who hears of a change (the user, its subscribers, its friends when on), once each, in version order, without stalling anyone. */
@TopologyTest
class FanoutTopologyTest {

    @Test
    void friendsHearOnlyWhileFriendNotificationsAreOn() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults())) {
            engine.sendFriendship("bob", friendAdded("bob", "alice"));
            engine.send("alice", login("alice", "c", "s", Platform.WEB));
            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice");

            engine.setLive("friendAutoNotify", "true");
            engine.send("alice", logout("alice", "c"));
            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice", "bob");

            engine.sendFriendship("bob", friendRemoved("bob", "alice"));
            engine.send("alice", login("alice", "c", "s2", Platform.WEB));
            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice");
        }
    }

    @Test
    void badFriendshipRecordsAreRejectedAndChangeNothing() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.builder().friendAutoNotify(true).build())) {
            engine.sendFriendship("bob", "{\"type\":\"FRIEND_BLOCKED\",\"userId\":\"bob\",\"friendId\":\"alice\"}");
            engine.sendFriendship("bob", friendAdded("bob", "bob"));
            engine.sendFriendship("eve", friendAdded("bob", "alice"));
            engine.sendFriendship("bob", "{\"type\":\"FRIEND_ADDED\",\"userId\":\"bob\"}");
            engine.sendFriendship("bob", friendAdded("bob", "x".repeat(129)));
            engine.sendFriendshipRaw(PresenceHarness.utf8("bob"), new byte[]{(byte) 0xC3, 0x01, 9});

            assertThat(engine.rejected()).extracting(r -> r.getErrorCode()).containsExactly(
                    ErrorCode.UNKNOWN_TYPE.code(), ErrorCode.INVALID_FIELD.code(), ErrorCode.KEY_MISMATCH.code(),
                    ErrorCode.MISSING_FIELD.code(), ErrorCode.INVALID_FIELD.code(), ErrorCode.UNREADABLE_RECORD.code());
            engine.send("alice", login("alice", "c", "s", Platform.WEB));
            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice");
        }
    }

    @Test
    void aFriendWhoIsAlsoASubscriberHearsOnce() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.builder().friendAutoNotify(true).build())) {
            engine.sendFriendship("bob", friendAdded("bob", "alice"));
            engine.sendSubscription("bob", subscribe("bob", "alice"));
            engine.notifications();

            engine.send("alice", login("alice", "c", "s", Platform.WEB));

            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice", "bob");
        }
    }

    @Test
    void aFriendAddedTwiceOrRemovedWhileSubscribedKeepsHearingAsASubscriber() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.builder().friendAutoNotify(true).build())) {
            engine.sendFriendship("bob", friendAdded("bob", "alice"));
            engine.sendFriendship("bob", friendAdded("bob", "alice"));
            engine.sendSubscription("bob", subscribe("bob", "alice"));
            engine.sendFriendship("bob", friendRemoved("bob", "alice"));
            engine.notifications();

            engine.send("alice", login("alice", "c", "s", Platform.WEB));

            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice", "bob");
        }
    }

    @Test
    void oneHundredThousandWatchersAreDrainedInBoundedTurnsWhileOthersKeepFlowing() {
        int watchers = 100_000;
        int perTurn = 1_000;
        PresenceSettings settings = PresenceSettings.builder().friendAutoNotify(true).fanoutPerTurn(perTurn)
                .fanoutTurnBudget(Duration.ZERO).build();
        try (PresenceHarness engine = new PresenceHarness(settings)) {
            for (int i = 0; i < watchers; i++) {
                engine.sendFriendship("fan" + i, friendAdded("fan" + i, "star"));
            }
            engine.sendSubscription("bob", subscribe("bob", "quiet"));
            engine.notifications();

            engine.send("star", login("star", "c", "s1", Platform.IOS));
            // First turn: the star itself and one slice of its watchers.
            assertThat(engine.notifications()).hasSize(1 + perTurn);

            // Another user's change is not stuck behind the star's fan-out.
            engine.send("quiet", login("quiet", "c", "s", Platform.WEB));
            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("quiet", "bob");

            // A second change of the star queues behind the first for every watcher.
            engine.send("star", logout("star", "c"));
            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("star");

            Map<String, List<Long>> versionsByWatcher = new HashMap<>();
            int turns = 0;
            int largestTurn = 0;
            List<Notification> turn;
            do {
                engine.advance(settings.fanoutInterval());
                turn = engine.notifications();
                largestTurn = Math.max(largestTurn, turn.size());
                turns++;
                for (Notification n : turn) {
                    StatusView view = n.getChanges().get(0);
                    versionsByWatcher.computeIfAbsent(n.getRecipient(), r -> new java.util.ArrayList<>()).add(view.getVersion());
                }
            } while (!turn.isEmpty());

            assertThat(largestTurn).isLessThanOrEqualTo(perTurn);
            assertThat(turns).isGreaterThanOrEqualTo(2 * watchers / perTurn - 1);
            // Every watcher heard both versions, in order; the first slice got version 1 in the first turn.
            assertThat(versionsByWatcher).hasSize(watchers);
            long inOrder = versionsByWatcher.values().stream()
                    .filter(v -> v.equals(List.of(1L, 2L)) || v.equals(List.of(2L))).count();
            assertThat(inOrder).isEqualTo(watchers);
            assertThat(versionsByWatcher.values().stream().filter(v -> v.equals(List.of(2L))).count()).isEqualTo(perTurn);
        }
    }

    @Test
    void aTurnSendsSliceAfterSliceWhileItsTimeBudgetLastsAndOneSliceWhenItIsZero() {
        int watchers = 5_000;
        int perTurn = 100;
        PresenceSettings unbounded = PresenceSettings.builder().friendAutoNotify(true).fanoutPerTurn(perTurn)
                .fanoutTurnBudget(Duration.ofHours(1)).build();
        PresenceSettings oneSlice = unbounded.toBuilder().fanoutTurnBudget(Duration.ZERO).build();
        for (PresenceSettings settings : List.of(unbounded, oneSlice)) {
            try (PresenceHarness engine = new PresenceHarness(settings)) {
                for (int i = 0; i < watchers; i++) {
                    engine.sendFriendship("fan" + i, friendAdded("fan" + i, "star"));
                }
                engine.notifications();
                engine.send("star", login("star", "c", "s1", Platform.IOS));
                assertThat(engine.notifications()).as("the star and the first slice").hasSize(1 + perTurn);

                engine.advance(settings.fanoutInterval());
                // An hour's budget drains the rest in one turn; none sends one slice.
                int expected = settings == unbounded ? watchers - perTurn : perTurn;
                assertThat(engine.notifications()).hasSize(expected);
            }
        }
    }

    @Test
    void turningTheSwitchOffDropsTheFanOutInFlight() {
        PresenceSettings settings = PresenceSettings.builder().friendAutoNotify(true).fanoutPerTurn(10)
                .fanoutTurnBudget(Duration.ZERO).build();
        try (PresenceHarness engine = new PresenceHarness(settings)) {
            for (int i = 0; i < 50; i++) {
                engine.sendFriendship("fan" + i, friendAdded("fan" + i, "star"));
            }
            engine.send("star", login("star", "c", "s1", Platform.IOS));
            assertThat(engine.notifications()).hasSize(11);

            engine.setLive("statusQueryAndNotify", "false");
            engine.advance(Duration.ofSeconds(1));
            assertThat(engine.notifications()).isEmpty();
        }
    }
}
