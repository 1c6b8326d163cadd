package dev.presence.streams.visibility;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.EventType;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.Status;
import dev.presence.schema.StatusChange;
import dev.presence.schema.StatusView;
import dev.presence.schema.UserStatus;
import dev.presence.schema.Visibility;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceSettings;
import dev.presence.core.codec.AvroCodec;
import dev.presence.streams.history.HistoryInterval;
import dev.presence.streams.history.StatusHistory;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.presence.testkit.Events.customStatus;
import static dev.presence.testkit.Events.disconnect;
import static dev.presence.testkit.Events.friendAdded;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static dev.presence.testkit.Events.subscribe;
import static dev.presence.testkit.Events.visibility;
import static org.assertj.core.api.Assertions.assertThat;

/** Invisible users: the truth for themselves, OFFLINE for everyone else, in notifications, snapshots and history. */
@TopologyTest
class VisibilityTopologyTest {

    @Test
    void watchersSeeAnInvisibleUserGoOfflineAndHearNothingOfItUntilItShowsAgain() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.builder().friendAutoNotify(true).build())) {
            engine.sendSubscription("bob", subscribe("bob", "alice"));
            engine.sendFriendship("carol", friendAdded("carol", "alice"));
            engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            engine.send("alice", customStatus("alice", "coding"));
            engine.notifications();

            engine.send("alice", visibility("alice", "INVISIBLE"));
            Map<String, List<StatusView>> heard = byRecipient(engine.notifications());
            assertThat(heard.get("alice")).singleElement().satisfies(view -> {
                assertThat(view.getStatus()).isEqualTo(Status.ONLINE);
                assertThat(view.getCustomStatus()).isEqualTo("coding");
                assertThat(view.getReason()).isEqualTo(ChangeReason.VISIBILITY);
                assertThat(view.getVersion()).isEqualTo(3);
            });
            for (String watcher : List.of("bob", "carol")) {
                assertThat(heard.get(watcher)).as(watcher).singleElement().satisfies(view -> {
                    assertThat(view.getStatus()).isEqualTo(Status.OFFLINE);
                    assertThat(view.getCustomStatus()).isNull();
                    assertThat(view.getReason()).as("indistinguishable from going offline").isEqualTo(ChangeReason.DISCONNECT);
                    assertThat(view.getVersion()).isEqualTo(3);
                });
            }

            engine.send("alice", customStatus("alice", "hiding"));
            engine.send("alice", disconnect("alice", "phone", "s1"));
            engine.send("alice", login("alice", "tablet", "t1", Platform.IPAD));
            engine.send("alice", customStatus("alice", "back"));
            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsOnly("alice").hasSize(4);
            UserStatus truth = engine.stored("alice");
            assertThat(truth.getVisibility()).isEqualTo(Visibility.INVISIBLE);
            assertThat(truth.getVersion()).isEqualTo(7);
            UserStatus seen = PublicView.asSeenByOthers(truth);
            assertThat(seen.getStatus()).isEqualTo(Status.OFFLINE);
            assertThat(seen.getCustomStatus()).isNull();
            assertThat(seen.getClients()).isEmpty();
            assertThat(seen.getVersion()).as("frozen while hidden").isEqualTo(3);
            assertThat(seen.getLastSeenAt()).isNull();
            assertThat(seen.getVisibility()).as("others cannot tell").isEqualTo(Visibility.VISIBLE);

            engine.send("alice", visibility("alice", "VISIBLE"));
            heard = byRecipient(engine.notifications());
            assertThat(heard.get("alice")).singleElement().satisfies(view ->
                    assertThat(view.getReason()).isEqualTo(ChangeReason.VISIBILITY));
            assertThat(heard.get("bob")).singleElement().satisfies(view -> {
                assertThat(view.getStatus()).isEqualTo(Status.ONLINE);
                assertThat(view.getCustomStatus()).isEqualTo("back");
                assertThat(view.getReason()).isEqualTo(ChangeReason.LOGIN);
                assertThat(view.getVersion()).isEqualTo(8);
            });
            assertThat(PublicView.asSeenByOthers(engine.stored("alice"))).isEqualTo(engine.stored("alice"));
        }
    }

    @Test
    void togglingWhatWatchersSeeAlikeNotifiesOnlyTheUser() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults())) {
            engine.sendSubscription("bob", subscribe("bob", "alice"));
            engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            engine.send("alice", disconnect("alice", "phone", "s1"));   // OFFLINE
            engine.notifications();
            engine.changes();

            engine.send("alice", visibility("alice", "INVISIBLE"));
            engine.send("alice", visibility("alice", "INVISIBLE"));   // unchanged: ignored
            engine.send("alice", visibility("alice", "VISIBLE"));
            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice", "alice");
            assertThat(engine.changes()).extracting(StatusChange::getReason)
                    .containsExactly(ChangeReason.VISIBILITY, ChangeReason.VISIBILITY);
        }
    }

    @Test
    void invisibilityOutlivesLogoutAndANewSubscriberGetsTheHiddenSnapshot() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults())) {
            engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            engine.send("alice", visibility("alice", "INVISIBLE"));
            engine.send("alice", logout("alice", "phone"));
            engine.send("alice", login("alice", "phone", "s2", Platform.ANDROID));
            engine.send("alice", customStatus("alice", "secret"));
            engine.notifications();

            engine.sendSubscription("bob", subscribe("bob", "alice"));

            assertThat(engine.notifications()).singleElement().satisfies(n -> {
                assertThat(n.getRecipient()).isEqualTo("bob");
                StatusView view = n.getChanges().get(0);
                assertThat(view.getReason()).isEqualTo(ChangeReason.SNAPSHOT);
                assertThat(view.getStatus()).isEqualTo(Status.OFFLINE);
                assertThat(view.getCustomStatus()).isNull();
                assertThat(view.getVersion()).isEqualTo(2);
            });
            assertThat(engine.stored("alice").getStatus()).isEqualTo(Status.ONLINE);
        }
    }

    @Test
    void anUnknownOrMissingVisibilityIsRejectedWithItsCode() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults())) {
            engine.send("alice", visibility("alice", "GHOST"));
            engine.send("alice", visibility("alice", "invisible"));
            engine.send("alice", "{\"type\":\"SET_VISIBILITY\",\"userId\":\"alice\",\"visibility\":7}");
            engine.send("alice", "{\"type\":\"SET_VISIBILITY\",\"userId\":\"alice\",\"visibility\":\"UNKNOWN\"}");
            engine.send("alice", "{\"type\":\"SET_VISIBILITY\",\"userId\":\"alice\"}");
            engine.send(PresenceEvent.newBuilder().setType(EventType.SET_VISIBILITY).setUserId("alice")
                    .setVisibility(Visibility.UNKNOWN).build());

            assertThat(engine.rejected()).extracting(RejectedRecord::getErrorCode).containsExactly(
                    ErrorCode.UNKNOWN_VISIBILITY.code(), ErrorCode.UNKNOWN_VISIBILITY.code(),
                    ErrorCode.UNKNOWN_VISIBILITY.code(), ErrorCode.UNKNOWN_VISIBILITY.code(),
                    ErrorCode.MISSING_FIELD.code(), ErrorCode.UNKNOWN_VISIBILITY.code());
            assertThat(engine.stored("alice")).isNull();

            engine.send(PresenceEvent.newBuilder().setType(EventType.SET_VISIBILITY).setUserId("alice")
                    .setVisibility(Visibility.INVISIBLE).build());
            assertThat(engine.stored("alice").getVisibility()).isEqualTo(Visibility.INVISIBLE);
            assertThat(PublicView.asSeenByOthers(engine.stored("alice")).getStatus()).isEqualTo(Status.OFFLINE);
            assertThat(AvroCodec.encode(engine.stored("alice"))).isNotEmpty();
        }
    }

    /**
     * The ugly case: a popular user's change is halfway through its fan-out (slices of two watchers a
     * turn) when the user turns invisible. The watchers not yet reached must never hear what it was
     * about to tell them: everyone's next and last notification is the hidden OFFLINE.
     */
    @Test
    void turningInvisibleWhileAFanOutIsInProgressLeaksNothingToTheWatchersNotYetReached() {
        PresenceSettings settings = PresenceSettings.builder().fanoutPerTurn(2).build();
        try (PresenceHarness engine = new PresenceHarness(settings)) {
            List<String> watchers = List.of("w1", "w2", "w3", "w4", "w5", "w6");
            watchers.forEach(w -> engine.sendSubscription(w, subscribe(w, "alice")));
            engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            for (int turn = 0; turn < 4; turn++) {
                engine.advance(settings.fanoutInterval());   // one slice a turn: the login reaches everyone
            }
            assertThat(engine.notifications()).extracting(Notification::getRecipient).hasSize(1 + watchers.size() * 2);

            engine.send("alice", customStatus("alice", "secret plans"));   // w1, w2 hear it at once
            engine.send("alice", visibility("alice", "INVISIBLE"));
            for (int turn = 0; turn < 6; turn++) {
                engine.advance(settings.fanoutInterval());
            }

            Map<String, List<StatusView>> heard = byRecipient(engine.notifications());
            List<String> heardTheSecret = new ArrayList<>();
            heard.forEach((recipient, views) -> views.stream()
                    .filter(view -> "secret plans".equals(view.getCustomStatus()))
                    .findAny().ifPresent(view -> heardTheSecret.add(recipient)));
            assertThat(heardTheSecret).containsExactlyInAnyOrder("alice", "w1", "w2");
            for (String watcher : watchers) {
                assertThat(heard.get(watcher)).as(watcher).isNotEmpty().last().satisfies(view -> {
                    assertThat(view.getStatus()).isEqualTo(Status.OFFLINE);
                    assertThat(view.getCustomStatus()).isNull();
                });
                assertThat(heard.get(watcher)).extracting(StatusView::getVersion).isSorted();
            }

            engine.send("alice", customStatus("alice", "still hidden"));
            for (int turn = 0; turn < 4; turn++) {
                engine.advance(settings.fanoutInterval());
            }
            assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice");
        }
    }

    @Test
    void othersSeeTheHiddenStretchesOfTheHistoryAsOffline() {
        try (PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults())) {
            var start = engine.now();
            engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
            engine.advance(Duration.ofSeconds(10));
            engine.send("alice", visibility("alice", "INVISIBLE"));
            engine.advance(Duration.ofSeconds(10));
            engine.send("alice", customStatus("alice", "hidden work"));
            engine.advance(Duration.ofSeconds(10));
            engine.send("alice", visibility("alice", "VISIBLE"));
            engine.advance(Duration.ofSeconds(10));

            List<HistoryInterval> truth = engine.history("alice", start, engine.now());
            assertThat(truth).extracting(HistoryInterval::status, HistoryInterval::customStatus, HistoryInterval::visibility)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Status.ONLINE, null, Visibility.VISIBLE),
                            org.assertj.core.groups.Tuple.tuple(Status.ONLINE, null, Visibility.INVISIBLE),
                            org.assertj.core.groups.Tuple.tuple(Status.ONLINE, "hidden work", Visibility.INVISIBLE),
                            org.assertj.core.groups.Tuple.tuple(Status.ONLINE, "hidden work", Visibility.VISIBLE));
            long t0 = start.toEpochMilli();
            assertThat(StatusHistory.seenByOthers(truth)).containsExactly(
                    new HistoryInterval(Status.ONLINE, null, Visibility.VISIBLE, t0, t0 + 10_000),
                    new HistoryInterval(Status.OFFLINE, null, Visibility.VISIBLE, t0 + 10_000, t0 + 30_000),
                    new HistoryInterval(Status.ONLINE, "hidden work", Visibility.VISIBLE, t0 + 30_000, t0 + 40_000));
        }
    }

    private static Map<String, List<StatusView>> byRecipient(List<Notification> notifications) {
        Map<String, List<StatusView>> heard = new HashMap<>();
        notifications.forEach(n -> heard.computeIfAbsent(n.getRecipient(), r -> new ArrayList<>()).addAll(n.getChanges()));
        return heard;
    }
}
