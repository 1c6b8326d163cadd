package dev.presence.streams.subscribe;

import dev.presence.schema.Status;
import dev.presence.schema.Subscription;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.fold.StatusFold;
import dev.presence.core.Outcome;
import dev.presence.core.Outcome.Accepted;
import dev.presence.core.Outcome.Ignored;
import dev.presence.core.Outcome.Refused;
import dev.presence.streams.subscribe.SubscriptionRules.Changed;
import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscription rules alone, as a pure function of (list, command, time, settings, subscriber's
 * status). Small limits (3 subscriptions, 2 targets per call, a 1000 ms expiry) so that every limit is
 * reached with a handful of ids.
 */
@UnitTest
class SubscriptionRulesTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long EXPIRY = 1_000;

    private static final SubscriptionSettings SETTINGS = SubscriptionSettings.of(smallLimits().build());
    private static final UserStatus NEVER_SEEN = StatusFold.unseen("u1");

    private static PresenceSettings.Builder smallLimits() {
        return PresenceSettings.builder()
                .maxSubscriptionsPerUser(3)
                .maxTargetsPerCall(2)
                .subscriptionExpiry(Duration.ofMillis(EXPIRY));
    }

    private static SubscriptionCommand command(SubscriptionCommandType type, String... targets) {
        return SubscriptionCommand.newBuilder().setType(type).setUserId("u1").setTargets(List.of(targets)).build();
    }

    private static SubscriptionCommand subscribe(String... targets) {
        return command(SubscriptionCommandType.SUBSCRIBE, targets);
    }

    private static SubscriptionCommand unsubscribe(String... targets) {
        return command(SubscriptionCommandType.UNSUBSCRIBE, targets);
    }

    private static SubscriptionCommand expired(long notOnlineSince) {
        SubscriptionCommand command = command(SubscriptionCommandType.SUBSCRIPTIONS_EXPIRED);
        command.setNotOnlineSince(notOnlineSince);
        return command;
    }

    private static Outcome<Changed> apply(SubscriptionList list, SubscriptionCommand command, long at) {
        return SubscriptionRules.apply(Optional.ofNullable(list), command, at, SETTINGS, NEVER_SEEN);
    }

    private static Changed changed(Outcome<Changed> outcome) {
        assertThat(outcome).isInstanceOf(Accepted.class);
        return ((Accepted<Changed>) outcome).value();
    }

    private static SubscriptionList held(SubscriptionList list, SubscriptionCommand command, long at) {
        return changed(apply(list, command, at)).after().orElseThrow();
    }

    private static List<String> targets(SubscriptionList list) {
        return list.getSubscriptions().stream().map(Subscription::getTarget).toList();
    }

    private static UserStatus subscriberStatus(Status status, Long lastOnlineAt) {
        return UserStatus.newBuilder(StatusFold.unseen("u1")).setStatus(status).setLastOnlineAt(lastOnlineAt).build();
    }

    @Nested
    class Subscribe {

        @Test
        void theFirstSubscriptionsStartTheListAndEachTargetGetsASnapshot() {
            Changed first = changed(apply(null, subscribe("a", "b"), T0));

            assertThat(first.after().orElseThrow().getSubscriber()).isEqualTo("u1");
            assertThat(targets(first.after().orElseThrow())).containsExactly("a", "b");
            assertThat(first.after().orElseThrow().getStartedAt()).isEqualTo(T0);
            assertThat(first.after().orElseThrow().getSubscriptions()).allMatch(s -> s.getSubscribedAt() == T0);
            assertThat(first.subscribed()).containsExactly("a", "b");
            assertThat(first.removed()).isEmpty();
        }

        @Test
        void subscribingAgainToAHeldTargetMakesItTheNewestWithoutChangingTheListStart() {
            SubscriptionList ab = held(null, subscribe("a", "b"), T0);
            Changed again = changed(apply(ab, subscribe("a"), T0 + 5));

            assertThat(targets(again.after().orElseThrow())).containsExactly("b", "a");
            assertThat(again.after().orElseThrow().getSubscriptions().get(1).getSubscribedAt()).isEqualTo(T0 + 5);
            assertThat(again.after().orElseThrow().getStartedAt()).isEqualTo(T0);
            assertThat(again.subscribed()).containsExactly("a");
        }

        @Test
        void duplicatesInOneCallCountOnce() {
            Changed once = changed(apply(null, subscribe("a", "a", "b", "a"), T0));

            assertThat(targets(once.after().orElseThrow())).containsExactly("a", "b");
            assertThat(once.subscribed()).containsExactly("a", "b");
        }

        @Test
        void pastTheLimitTheOldestSubscriptionsArePushedOut() {
            SubscriptionList abc = held(held(null, subscribe("a", "b"), T0), subscribe("c"), T0 + 1);
            Changed more = changed(apply(abc, subscribe("d", "e"), T0 + 2));

            assertThat(targets(more.after().orElseThrow())).containsExactly("c", "d", "e");
            assertThat(more.removed()).containsExactly("a", "b");
            assertThat(more.subscribed()).containsExactly("d", "e");
        }

        @Test
        void aTargetOfTheCallThatDoesNotFitIsNeitherKeptNorSnapshotted() {
            // Limit 1: of "a" and "b" only the newest, "b", fits; "a" is subscribed and pushed out at once.
            SubscriptionSettings one = SubscriptionSettings.of(smallLimits().maxSubscriptionsPerUser(1).build());
            Changed tight = changed(SubscriptionRules.apply(Optional.empty(), subscribe("a", "b"), T0, one, NEVER_SEEN));

            assertThat(targets(tight.after().orElseThrow())).containsExactly("b");
            assertThat(tight.subscribed()).containsExactly("b");
            assertThat(tight.removed()).containsExactly("a");
        }

        @Test
        void moreDistinctTargetsThanACallAllowsIsRefusedWhole() {
            Outcome<Changed> refused = apply(null, subscribe("a", "b", "c"), T0);

            assertThat(refused).isInstanceOf(Refused.class);
            assertThat(((Refused) refused).code()).isEqualTo(ErrorCode.TOO_MANY_TARGETS);
            assertThat(((Refused) refused).reason()).contains("3 distinct targets").contains("at most 2");
            assertThat(apply(null, subscribe("a", "b", "a", "b"), T0)).as("two distinct").isInstanceOf(Accepted.class);
        }

        @Test
        void aCallNamingTheSubscriberItselfIsRefusedWhole() {
            Outcome<Changed> refused = apply(null, subscribe("a", "u1"), T0);

            assertThat(refused).isInstanceOf(Refused.class);
            assertThat(((Refused) refused).code()).isEqualTo(ErrorCode.SELF_SUBSCRIPTION);
        }

        @Test
        void subscribingWhileTheFeatureIsOffIsRefused() {
            SubscriptionSettings off = SubscriptionSettings.of(smallLimits().statusQueryAndNotify(false).build());

            Outcome<Changed> refused = SubscriptionRules.apply(Optional.empty(), subscribe("a"), T0, off, NEVER_SEEN);

            assertThat(refused).isInstanceOf(Refused.class);
            assertThat(((Refused) refused).code()).isEqualTo(ErrorCode.FEATURE_DISABLED);
        }

        @Test
        void aListEmptiedAndStartedAgainStartsAtTheNewTime() {
            SubscriptionList a = held(null, subscribe("a"), T0);
            assertThat(changed(apply(a, unsubscribe("a"), T0 + 1)).after()).isEmpty();

            assertThat(held(null, subscribe("b"), T0 + 2).getStartedAt()).isEqualTo(T0 + 2);
        }
    }

    @Nested
    class Unsubscribe {

        @Test
        void unsubscribingRemovesTheNamedTargetsAndKeepsTheOthersInOrder() {
            SubscriptionList abc = held(held(null, subscribe("a", "b"), T0), subscribe("c"), T0 + 1);
            Changed less = changed(apply(abc, unsubscribe("b", "x"), T0 + 2));

            assertThat(targets(less.after().orElseThrow())).containsExactly("a", "c");
            assertThat(less.after().orElseThrow().getStartedAt()).isEqualTo(T0);
            assertThat(less.removed()).containsExactly("b");
            assertThat(less.subscribed()).isEmpty();
        }

        @Test
        void unsubscribingTheLastTargetLeavesNoList() {
            Changed none = changed(apply(held(null, subscribe("a"), T0), unsubscribe("a"), T0 + 1));

            assertThat(none.after()).isEmpty();
            assertThat(none.removed()).containsExactly("a");
        }

        @Test
        void unsubscribingFromNothingHeldIsIgnored() {
            assertThat(apply(held(null, subscribe("a"), T0), unsubscribe("b"), T0 + 1)).isInstanceOf(Ignored.class);
            assertThat(apply(null, unsubscribe("b"), T0)).isInstanceOf(Ignored.class);
        }

        @Test
        void anUnsubscribeWithoutTargetsCancelsEverythingLikeUnsubscribeAll() {
            SubscriptionList ab = held(null, subscribe("a", "b"), T0);

            Changed all = changed(apply(ab, unsubscribe(), T0 + 1));
            Changed viaAll = changed(apply(ab, command(SubscriptionCommandType.UNSUBSCRIBE_ALL), T0 + 1));

            assertThat(all.after()).isEmpty();
            assertThat(all.removed()).containsExactly("a", "b");
            assertThat(viaAll).isEqualTo(all);
        }

        @Test
        void unsubscribeAllWithNothingHeldIsIgnored() {
            assertThat(apply(null, command(SubscriptionCommandType.UNSUBSCRIBE_ALL), T0)).isInstanceOf(Ignored.class);
        }

        @Test
        void theCallLimitsAndTheSwitchApplyToUnsubscribeToo() {
            SubscriptionList ab = held(null, subscribe("a", "b"), T0);
            SubscriptionSettings off = SubscriptionSettings.of(smallLimits().statusQueryAndNotify(false).build());

            assertThat(((Refused) apply(ab, unsubscribe("a", "b", "c"), T0)).code()).isEqualTo(ErrorCode.TOO_MANY_TARGETS);
            assertThat(((Refused) apply(ab, unsubscribe("u1"), T0)).code()).isEqualTo(ErrorCode.SELF_SUBSCRIPTION);
            assertThat(((Refused) SubscriptionRules.apply(Optional.of(ab), unsubscribe("a"), T0, off, NEVER_SEEN)).code())
                    .isEqualTo(ErrorCode.FEATURE_DISABLED);
            assertThat(((Refused) SubscriptionRules.apply(Optional.of(ab), command(SubscriptionCommandType.UNSUBSCRIBE_ALL), T0, off, NEVER_SEEN))
                    .code()).isEqualTo(ErrorCode.FEATURE_DISABLED);
        }
    }

    @Nested
    class Expiry {

        private final SubscriptionList ab = held(null, subscribe("a", "b"), T0);

        @Test
        void theNotOnlinePeriodStartsWhenTheSubscriberLastLeftOnlineOrWhenTheListStartedWhicheverIsLater() {
            assertThat(SubscriptionRules.notOnlineSince(ab, NEVER_SEEN)).as("never seen").isEqualTo(T0);
            assertThat(SubscriptionRules.notOnlineSince(ab, subscriberStatus(Status.OFFLINE, null))).isEqualTo(T0);
            assertThat(SubscriptionRules.notOnlineSince(ab, subscriberStatus(Status.OFFLINE, T0 - 50))).isEqualTo(T0);
            assertThat(SubscriptionRules.notOnlineSince(ab, subscriberStatus(Status.OFFLINE, T0 + 50))).isEqualTo(T0 + 50);
        }

        @Test
        void aDecisionOnTheCurrentPeriodAtItsEndCancelsEverything() {
            UserStatus offline = subscriberStatus(Status.OFFLINE, T0 + 10);

            Changed gone = changed(SubscriptionRules.apply(Optional.of(ab), expired(T0 + 10), T0 + 10 + EXPIRY, SETTINGS, offline));

            assertThat(gone.after()).isEmpty();
            assertThat(gone.removed()).containsExactly("a", "b");
        }

        @Test
        void aDecisionOneMillisecondEarlyIsIgnored() {
            Outcome<Changed> early = SubscriptionRules.apply(Optional.of(ab), expired(T0), T0 + EXPIRY - 1, SETTINGS, NEVER_SEEN);

            assertThat(early).isInstanceOf(Ignored.class);
            assertThat(((Ignored) early).why()).contains("ran out");
        }

        @Test
        void aDecisionOnAnEarlierPeriodIsStale() {
            // The subscriber was ONLINE again after the decision and left at T0 + 500.
            UserStatus leftAgain = subscriberStatus(Status.OFFLINE, T0 + 500);

            Outcome<Changed> stale = SubscriptionRules.apply(Optional.of(ab), expired(T0), T0 + 5 * EXPIRY, SETTINGS, leftAgain);

            assertThat(stale).isInstanceOf(Ignored.class);
            assertThat(((Ignored) stale).why()).contains("period changed");
        }

        @Test
        void aSubscriberOnlineAgainKeepsItsSubscriptions() {
            UserStatus online = subscriberStatus(Status.ONLINE, null);

            Outcome<Changed> kept = SubscriptionRules.apply(Optional.of(ab), expired(T0), T0 + 5 * EXPIRY, SETTINGS, online);

            assertThat(kept).isInstanceOf(Ignored.class);
            assertThat(((Ignored) kept).why()).contains("ONLINE again");
        }

        @Test
        void nothingHeldIsNothingToExpire() {
            assertThat(SubscriptionRules.apply(Optional.empty(), expired(T0), T0 + EXPIRY, SETTINGS, NEVER_SEEN)).isInstanceOf(Ignored.class);
        }

        @Test
        void anExpiryAppliesEvenWithTheFeatureSwitchedOff() {
            SubscriptionSettings off = SubscriptionSettings.of(smallLimits().statusQueryAndNotify(false).build());

            assertThat(SubscriptionRules.apply(Optional.of(ab), expired(T0), T0 + EXPIRY, off, NEVER_SEEN)).isInstanceOf(Accepted.class);
        }
    }

    @Test
    void theDefaultLimitsAreTwoHundredSubscriptionsAndAHundredTargetsPerCall() {
        SubscriptionSettings defaults = SubscriptionSettings.of(PresenceSettings.defaults());
        String[] hundred = IntStream.rangeClosed(1, 100).mapToObj(i -> "t" + i).toArray(String[]::new);
        String[] nextHundred = IntStream.rangeClosed(101, 200).mapToObj(i -> "t" + i).toArray(String[]::new);
        String[] hundredAndOne = IntStream.rangeClosed(1, 101).mapToObj(i -> "t" + i).toArray(String[]::new);

        SubscriptionList full = changed(SubscriptionRules.apply(
                changed(SubscriptionRules.apply(Optional.empty(), subscribe(hundred), T0, defaults, NEVER_SEEN)).after(),
                subscribe(nextHundred), T0 + 1, defaults, NEVER_SEEN)).after().orElseThrow();
        Changed oneMore = changed(SubscriptionRules.apply(Optional.of(full), subscribe("x"), T0 + 2, defaults, NEVER_SEEN));

        assertThat(full.getSubscriptions()).hasSize(200);
        assertThat(oneMore.removed()).containsExactly("t1");
        assertThat(((Refused) SubscriptionRules.apply(Optional.empty(), subscribe(hundredAndOne), T0, defaults, NEVER_SEEN)).code())
                .isEqualTo(ErrorCode.TOO_MANY_TARGETS);
    }
}
