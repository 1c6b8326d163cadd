package dev.presence.streams.subscribe;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.Notification;
import dev.presence.schema.Platform;
import dev.presence.schema.Status;
import dev.presence.schema.StatusView;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.testing.PresenceHarness;
import dev.presence.testkit.TopologyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.presence.testkit.Events.customStatus;
import static dev.presence.testkit.Events.disconnect;
import static dev.presence.testkit.Events.login;
import static dev.presence.testkit.Events.logout;
import static dev.presence.testkit.Events.subscribe;
import static dev.presence.testkit.Events.unsubscribe;
import static dev.presence.testkit.Events.unsubscribeAll;
import static org.assertj.core.api.Assertions.assertThat;

/** The subscription rules (limits, order, snapshots, refusals, the expiry) rule by rule through the whole topology. */
@TopologyTest
class SubscriptionTopologyTest {

    private final PresenceHarness engine = new PresenceHarness(PresenceSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void subscribingSendsTheTargetsCurrentStatusAsASnapshot() {
        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatus("alice", "listening to music"));
        engine.notifications();

        engine.sendSubscription("bob", subscribe("bob", "alice", "carol"));

        List<Notification> snapshots = engine.notifications();
        assertThat(snapshots).extracting(Notification::getRecipient).containsOnly("bob");
        assertThat(snapshots).extracting(n -> n.getChanges().get(0)).satisfiesExactly(
                alice -> {
                    assertThat(alice.getUserId()).isEqualTo("alice");
                    assertThat(alice.getStatus()).isEqualTo(Status.ONLINE);
                    assertThat(alice.getCustomStatus()).isEqualTo("listening to music");
                    assertThat(alice.getVersion()).isEqualTo(2);
                    assertThat(alice.getReason()).isEqualTo(ChangeReason.SNAPSHOT);
                },
                carol -> {
                    assertThat(carol.getUserId()).isEqualTo("carol");
                    assertThat(carol.getStatus()).isEqualTo(Status.UNLOGINED);
                    assertThat(carol.getVersion()).isEqualTo(0);
                });
        assertThat(engine.subscriptionsOf("bob")).containsExactly("alice", "carol");
    }

    @Test
    void aSubscriberHearsOfEveryChangeOfItsTargetInVersionOrder() {
        engine.sendSubscription("bob", subscribe("bob", "alice"));
        engine.notifications();

        engine.send("alice", login("alice", "phone", "s1", Platform.ANDROID));
        engine.send("alice", customStatus("alice", "busy"));
        engine.send("alice", disconnect("alice", "phone", "s1"));

        assertThat(notificationsTo("bob")).extracting(StatusView::getVersion, StatusView::getReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, ChangeReason.LOGIN),
                org.assertj.core.groups.Tuple.tuple(2L, ChangeReason.CUSTOM_STATUS),
                org.assertj.core.groups.Tuple.tuple(3L, ChangeReason.DISCONNECT));
    }

    @Test
    void theTwoHundredFirstSubscriptionRemovesTheEarliest() {
        subscribeToNumbered("bob", 1, 200);
        assertThat(engine.subscriptionsOf("bob")).hasSize(200).startsWith("t1").endsWith("t200");

        engine.sendSubscription("bob", subscribe("bob", "t201"));

        List<String> held = engine.subscriptionsOf("bob");
        assertThat(held).hasSize(200).startsWith("t2").endsWith("t201").doesNotContain("t1");
        engine.notifications();
        engine.send("t1", login("t1", "c", "s", Platform.WEB));
        engine.send("t201", login("t201", "c", "s", Platform.WEB));
        assertThat(notificationsTo("bob")).extracting(StatusView::getUserId).containsExactly("t201");
    }

    @Test
    void subscribingAgainMakesATargetTheNewestSoItLeavesLast() {
        engine.sendSubscription("bob", subscribe("bob", "t1", "t2", "t3"));
        engine.sendSubscription("bob", subscribe("bob", "t1"));
        assertThat(engine.subscriptionsOf("bob")).containsExactly("t2", "t3", "t1");

        subscribeToNumbered("bob", 4, 201);   // 198 more: 201 in all, one must leave

        assertThat(engine.subscriptionsOf("bob")).hasSize(200).doesNotContain("t2").startsWith("t3", "t1");
    }

    @Test
    void aSubscriptionToAFriendCountsTowardTheLimit() {
        engine.sendFriendship("bob", dev.presence.testkit.Events.friendAdded("bob", "t1"));
        subscribeToNumbered("bob", 1, 201);
        assertThat(engine.subscriptionsOf("bob")).hasSize(200).doesNotContain("t1");
    }

    @Test
    void moreThanOneHundredDistinctTargetsAreRefusedButDuplicatesCountOnce() {
        String[] hundredAndOne = numbered(1, 101);
        engine.sendSubscription("bob", subscribe("bob", hundredAndOne));
        assertThat(engine.rejected()).singleElement().satisfies(r -> {
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.TOO_MANY_TARGETS.code());
            assertThat(r.getSourceTopic()).isEqualTo(Topics.SUBSCRIPTIONS);
        });
        assertThat(engine.subscriptionsOf("bob")).isEmpty();

        List<String> withDuplicates = new ArrayList<>(List.of(numbered(1, 100)));
        withDuplicates.addAll(List.of(numbered(1, 50)));
        engine.sendSubscription("bob", subscribe("bob", withDuplicates.toArray(String[]::new)));
        assertThat(engine.rejected()).isEmpty();
        assertThat(engine.subscriptionsOf("bob")).hasSize(100);
        assertThat(engine.notifications()).hasSize(100);
    }

    @Test
    void aCallNamingTheSubscriberItselfIsRefusedWhole() {
        engine.sendSubscription("bob", subscribe("bob", "alice", "bob", "carol"));

        assertThat(engine.rejected()).singleElement()
                .satisfies(r -> assertThat(r.getErrorCode()).isEqualTo(ErrorCode.SELF_SUBSCRIPTION.code()));
        assertThat(engine.subscriptionsOf("bob")).isEmpty();
        assertThat(engine.notifications()).isEmpty();
    }

    @Test
    void unsubscribeRemovesTargetsAndAnEmptyListOrUnsubscribeAllClearsEverything() {
        engine.sendSubscription("bob", subscribe("bob", "alice", "carol", "dave"));
        engine.sendSubscription("bob", unsubscribe("bob", "carol", "nobody"));
        assertThat(engine.subscriptionsOf("bob")).containsExactly("alice", "dave");

        engine.notifications();
        engine.send("carol", login("carol", "c", "s", Platform.WEB));
        assertThat(notificationsTo("bob")).isEmpty();

        engine.sendSubscription("bob", unsubscribe("bob"));
        assertThat(engine.subscriptionsOf("bob")).isEmpty();

        engine.sendSubscription("bob", subscribe("bob", "alice"));
        engine.sendSubscription("bob", unsubscribeAll("bob"));
        assertThat(engine.subscriptionsOf("bob")).isEmpty();
        engine.notifications();
        engine.send("alice", login("alice", "c", "s", Platform.WEB));
        assertThat(notificationsTo("bob")).isEmpty();
    }

    @Test
    void badSubscriptionRecordsAreRejectedWithTheirBytes() {
        engine.sendSubscriptionRaw(PresenceHarness.utf8("bob"), PresenceHarness.utf8("{\"type\":\"FOLLOW\",\"userId\":\"bob\"}"));
        engine.sendSubscriptionRaw(PresenceHarness.utf8("eve"), PresenceHarness.utf8(subscribe("bob", "alice")));
        engine.sendSubscriptionRaw(PresenceHarness.utf8("bob"), PresenceHarness.utf8("{\"type\":\"SUBSCRIBE\",\"userId\":\"bob\",\"targets\":\"alice\"}"));
        engine.sendSubscriptionRaw(PresenceHarness.utf8("bob"), PresenceHarness.utf8("{\"type\":\"SUBSCRIBE\",\"userId\":\"bob\",\"targets\":[]}"));
        engine.sendSubscriptionRaw(PresenceHarness.utf8("bob"), new byte[]{1, 2, 3});

        assertThat(engine.rejected()).extracting(r -> r.getErrorCode()).containsExactly(
                ErrorCode.UNKNOWN_TYPE.code(), ErrorCode.KEY_MISMATCH.code(), ErrorCode.INVALID_FIELD.code(),
                ErrorCode.MISSING_FIELD.code(), ErrorCode.UNREADABLE_RECORD.code());
        assertThat(engine.subscriptionsOf("bob")).isEmpty();
    }

    @Test
    void subscriptionsExpireAfterTwentyFourHoursWithoutOnlineThroughTheLog() {
        engine.send("bob", login("bob", "phone", "s1", Platform.ANDROID));
        engine.sendSubscription("bob", subscribe("bob", "alice"));
        engine.send("bob", logout("bob", "phone"));

        engine.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(engine.subscriptionsOf("bob")).containsExactly("alice");
        engine.advance(Duration.ofSeconds(1));

        assertThat(engine.subscriptionsOf("bob")).isEmpty();
        assertThat(engine.engineWritten(Topics.SUBSCRIPTIONS, SubscriptionCommand.class)).singleElement()
                .satisfies(decision -> assertThat(decision.getType()).isEqualTo(SubscriptionCommandType.SUBSCRIPTIONS_EXPIRED));
        engine.notifications();
        engine.send("alice", login("alice", "c", "s", Platform.WEB));
        assertThat(notificationsTo("bob")).isEmpty();
    }

    @Test
    void aLongPauseWithSeveralDueEntriesDecidesTheExpiryOnce() {
        engine.sendSubscription("bob", subscribe("bob", "alice"));
        engine.advance(Duration.ofSeconds(1));
        engine.send("bob", login("bob", "phone", "s1", Platform.ANDROID));
        engine.send("bob", logout("bob", "phone"));

        engine.advance(Duration.ofHours(25));

        assertThat(engine.engineWritten(Topics.SUBSCRIPTIONS, SubscriptionCommand.class)).hasSize(1);
        assertThat(engine.subscriptionsOf("bob")).isEmpty();
    }

    @Test
    void beingOnlineAgainRestartsTheTwentyFourHours() {
        engine.send("bob", login("bob", "phone", "s1", Platform.ANDROID));
        engine.sendSubscription("bob", subscribe("bob", "alice"));
        engine.send("bob", disconnect("bob", "phone", "s1"));
        engine.advance(Duration.ofHours(20));
        engine.send("bob", login("bob", "phone", "s2", Platform.ANDROID));
        engine.advance(Duration.ofHours(1));
        engine.send("bob", logout("bob", "phone"));
        engine.advance(Duration.ofHours(23));
        assertThat(engine.subscriptionsOf("bob")).containsExactly("alice");
        engine.advance(Duration.ofHours(1));
        assertThat(engine.subscriptionsOf("bob")).isEmpty();
    }

    @Test
    void aSubscriberThatNeverLoggedInKeepsItsSubscriptionsForTwentyFourHoursAfterSubscribing() {
        engine.advance(Duration.ofHours(100));
        engine.sendSubscription("backend-user", subscribe("backend-user", "alice"));
        engine.advance(Duration.ofHours(23));
        assertThat(engine.subscriptionsOf("backend-user")).containsExactly("alice");
        engine.advance(Duration.ofHours(1));
        assertThat(engine.subscriptionsOf("backend-user")).isEmpty();
    }

    @Test
    void aLoginBetweenTheExpiryDecisionAndItsApplicationWins() {
        engine.send("bob", login("bob", "phone", "s1", Platform.ANDROID));
        engine.sendSubscription("bob", subscribe("bob", "alice"));
        engine.send("bob", logout("bob", "phone"));
        long leftOnline = engine.now().toEpochMilli();
        engine.advance(Duration.ofHours(23));
        engine.send("bob", login("bob", "phone", "s2", Platform.ANDROID));
        // The decision taken on the old not-ONLINE period arrives after the login.
        engine.sendSubscription("bob", "{\"type\":\"SUBSCRIPTIONS_EXPIRED\",\"userId\":\"bob\",\"notOnlineSince\":"
                + leftOnline + "}");
        assertThat(engine.subscriptionsOf("bob")).containsExactly("alice");

        // Logged out again: the old decision still does not apply to the new period.
        engine.send("bob", logout("bob", "phone"));
        engine.sendSubscription("bob", "{\"type\":\"SUBSCRIPTIONS_EXPIRED\",\"userId\":\"bob\",\"notOnlineSince\":"
                + leftOnline + "}");
        assertThat(engine.subscriptionsOf("bob")).containsExactly("alice");
    }

    @Test
    void theSwitchOffRefusesSubscribingAndSilencesWatchersButNotTheUserItself() {
        engine.sendSubscription("bob", subscribe("bob", "alice"));
        engine.notifications();

        engine.setLive("statusQueryAndNotify", "false");
        engine.sendSubscription("bob", subscribe("bob", "carol"));
        engine.sendSubscription("bob", unsubscribe("bob", "alice"));
        assertThat(engine.rejected()).extracting(r -> r.getErrorCode())
                .containsExactly(ErrorCode.FEATURE_DISABLED.code(), ErrorCode.FEATURE_DISABLED.code());
        engine.send("alice", login("alice", "c", "s", Platform.WEB));
        assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice");

        engine.setLive("statusQueryAndNotify", null);
        engine.send("alice", logout("alice", "c"));
        assertThat(engine.notifications()).extracting(Notification::getRecipient).containsExactly("alice", "bob");
        assertThat(engine.subscriptionsOf("bob")).containsExactly("alice");
    }

    private void subscribeToNumbered(String subscriber, int from, int to) {
        for (int start = from; start <= to; start += 100) {
            engine.sendSubscription(subscriber, subscribe(subscriber, numbered(start, Math.min(to, start + 99))));
        }
    }

    private static String[] numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "t" + i).toArray(String[]::new);
    }

    private List<StatusView> notificationsTo(String recipient) {
        return engine.notifications().stream()
                .filter(n -> n.getRecipient().equals(recipient))
                .map(n -> n.getChanges().get(0))
                .toList();
    }
}
