package dev.presence.streams.model;

import dev.presence.testkit.model.PresenceModel;
import dev.presence.testkit.model.Script;
import dev.presence.testkit.model.Scripts;
import dev.presence.testkit.model.Step;

import dev.presence.testkit.model.PresenceModel.ExpiryDecision;
import dev.presence.testkit.model.PresenceModel.Notice;
import dev.presence.testkit.model.PresenceModel.Reason;
import dev.presence.testkit.model.PresenceModel.Status;
import dev.presence.testkit.model.Step.Advance;
import dev.presence.testkit.model.Step.Disconnect;
import dev.presence.testkit.model.Step.FriendAdded;
import dev.presence.testkit.model.Step.Login;
import dev.presence.testkit.model.Step.Logout;
import dev.presence.testkit.model.Step.SetLive;
import dev.presence.testkit.model.Step.Subscribe;
import dev.presence.testkit.model.Step.SubscriptionsExpired;
import dev.presence.testkit.model.Step.Unsubscribe;
import dev.presence.testkit.model.Step.UnsubscribeAll;
import dev.presence.testkit.TopologyTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The model's reading of the relation rules (subscriptions, friendships, notifications, switches), stated by hand on small scripts,
 * each also run through the engine. The expiry is scaled to 30 minutes, as in the generated scripts;
 * times are milliseconds since the start, sweeps are due at every whole second.
 */
@TopologyTest
class RelationExamplesTest {

    private static final long EXPIRY = Scripts.RELATION_LIMITS.subscriptionExpiryMs();

    @Test
    void aSnapshotCarriesTheTargetsCurrentStatusAndANeverSeenTargetIsUnloginedAtVersionZero() {
        PresenceModel model = check(new Login("u1", "c1", "s1", "WEB"), new Advance(5_000),
                new Subscribe("u2", List.of("u1", "x1", "u1")));

        assertThat(noticesTo(model, "u2")).containsExactly(
                new Notice("u2", "u1", Status.ONLINE, null, 1, 0, Reason.SNAPSHOT),
                new Notice("u2", "x1", Status.UNLOGINED, null, 0, PresenceModel.NEVER, Reason.SNAPSHOT));
        assertThat(model.subscriptionsOf("u2")).containsExactly("u1", "x1");
    }

    @Test
    void atTwoHundredTheOldestLeavesAndSubscribingAgainMakesATargetTheNewest() {
        PresenceModel model = check(new Subscribe("u1", numbered(1, 100)), new Subscribe("u1", numbered(101, 200)),
                new Subscribe("u1", List.of("t1", "u2")));

        List<String> held = model.subscriptionsOf("u1");
        assertThat(held).hasSize(200).startsWith("t3", "t4").endsWith("t200", "t1", "u2").doesNotContain("t2");
        assertThat(noticesTo(model, "u1")).hasSize(202);
    }

    @Test
    void callsAreRefusedWholeInTheOrderEmptySwitchTooManySelf() {
        List<String> hundredAndOneWithSelf = new ArrayList<>(numbered(1, 100));
        hundredAndOneWithSelf.add("u1");
        PresenceModel model = check(new Subscribe("u1", hundredAndOneWithSelf), new Subscribe("u1", List.of("u2", "u1")),
                new Unsubscribe("u1", List.of("u1")), new SetLive(PresenceModel.STATUS_QUERY_AND_NOTIFY, "false"),
                new Subscribe("u1", List.of()), new Subscribe("u1", List.of("u2")), new Unsubscribe("u1", List.of()),
                new UnsubscribeAll("u1"), new FriendAdded("u1", "u2"));

        assertThat(model.rejections()).containsExactly(PresenceModel.TOO_MANY_TARGETS, PresenceModel.SELF_SUBSCRIPTION,
                PresenceModel.SELF_SUBSCRIPTION, PresenceModel.MISSING_FIELD, PresenceModel.FEATURE_DISABLED,
                PresenceModel.FEATURE_DISABLED, PresenceModel.FEATURE_DISABLED);
        assertThat(model.notifications()).isEmpty();
    }

    @Test
    void aFriendHearsOnlyWithFriendNotificationsOnAndAFriendWhoSubscribesHearsOnce() {
        PresenceModel model = check(new FriendAdded("u2", "u1"), new FriendAdded("u3", "u1"),
                new Subscribe("u3", List.of("u1")), new Login("u1", "c1", "s1", "WEB"),
                new SetLive(PresenceModel.FRIEND_AUTO_NOTIFY, "true"), new Disconnect("u1", "c1", "s1"),
                new SetLive(PresenceModel.STATUS_QUERY_AND_NOTIFY, "false"), new Logout("u1", "c1"));

        assertThat(model.notifications()).filteredOn(n -> n.reason() != Reason.SNAPSHOT)
                .extracting(Notice::recipient, Notice::version).containsExactly(
                        tuple("u1", 1L), tuple("u3", 1L),
                        tuple("u1", 2L), tuple("u2", 2L), tuple("u3", 2L),
                        tuple("u1", 3L));
    }

    @Test
    void subscriptionsExpireAtTheFirstSweepAfterThirtyMinutesCountedFromTheLaterOfLeavingOnlineAndSubscribing() {
        PresenceModel model = check(new Login("u1", "c1", "s1", "WEB"), new Subscribe("u1", List.of("u2")),
                new Advance(60_000), new Logout("u1", "c1"),                   // u1 left ONLINE at 60 s
                new Advance(EXPIRY - 500), new Subscribe("u3", List.of("u2")),  // u3, never ONLINE, counts from here
                new Advance(499), new Advance(1),                              // no sweep due at +499; u1 out at +500
                new Advance(EXPIRY - 1_000), new Advance(700), new Advance(300)); // u3 due at +700, swept at +1000

        assertThat(model.expiryDecisions()).containsExactly(
                new ExpiryDecision("u1", 60_000, 60_000 + EXPIRY),
                new ExpiryDecision("u3", 59_500 + EXPIRY, 60_000 + 2 * EXPIRY));
        assertThat(model.subscribers()).isEmpty();
    }

    @Test
    void beingOnlineAgainRestartsTheExpiryAndAStaleDecisionIsIgnored() {
        PresenceModel model = check(new Subscribe("u1", List.of("u2")), new Advance(EXPIRY - 1_000),
                new Login("u1", "c1", "s1", "WEB"), new Advance(1_000), new Logout("u1", "c1"),
                new SubscriptionsExpired("u1", 0), new Advance(EXPIRY - 1_000));

        assertThat(model.expiryDecisions()).isEmpty();
        assertThat(model.subscriptionsOf("u1")).containsExactly("u2");
    }

    /**
     * Found by {@code anExpiryFromTheLogAppliesOnlyWhenItsDecisionStillHolds}: the engine applies a
     * SUBSCRIPTIONS_EXPIRED that names the subscriber's current not-ONLINE period whenever it arrives,
     * even a minute into that period; the spec cancels subscriptions after 24 h (here 30 min) without
     * ONLINE, and the team's rule for SESSION_TIMED_OUT is that a producer cannot end anything early.
     */
    @Test
    void anEarlySubscriptionsExpiredFromAProducerIsIgnored() {
        PresenceModel model = check(new Subscribe("u1", List.of("u2")), new Advance(60_000),
                new SubscriptionsExpired("u1", 0));

        assertThat(model.subscriptionsOf("u1")).containsExactly("u2");
    }

    private static List<Notice> noticesTo(PresenceModel model, String recipient) {
        return model.notifications().stream().filter(n -> n.recipient().equals(recipient)).toList();
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "t" + i).toList();
    }

    private static PresenceModel check(Step... steps) {
        return ModelCheck.engineAgreesWithTheModel(new Script(List.of(steps), Scripts.RELATION_LIMITS));
    }
}
