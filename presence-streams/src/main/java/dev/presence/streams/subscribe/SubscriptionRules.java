package dev.presence.streams.subscribe;

import dev.presence.schema.Status;
import dev.presence.schema.Subscription;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The subscription rules as a pure function: (list held, command, time, settings, subscriber's status) ->
 * outcome. A call names at most maxTargetsPerCall distinct targets and never the subscriber itself,
 * or it is refused whole; a list holds at most maxSubscriptionsPerUser, oldest pushed out first, and
 * subscribing again makes a target the newest; everything is cancelled once the subscriber has not
 * been ONLINE for the subscription expiry. No Kafka, no clock.
 */
public final class SubscriptionRules {

    private SubscriptionRules() {
    }

    /**
     * What an accepted command changed. {@code after} is the list left, empty when no subscription is left
     * (the subscriber's entry goes). {@code subscribed} lists the targets subscribed by this command (each
     * gets a snapshot), {@code removed} the ones no longer watched (unsubscribed, evicted as the oldest, or
     * expired).
     */
    public record Changed(Optional<SubscriptionList> after, List<String> subscribed, List<String> removed) {

        static Changed cleared(List<String> removed) {
            return new Changed(Optional.empty(), List.of(), removed);
        }
    }

    /**
     * @param current          the subscriber's list, empty when it holds none
     * @param subscriberStatus the subscriber's status ({@link dev.presence.streams.fold.StatusFold#unseen} when
     *                         the engine has never seen it)
     */
    public static Outcome<Changed> apply(Optional<SubscriptionList> current, SubscriptionCommand command, long timestamp,
                                SubscriptionSettings settings, UserStatus subscriberStatus) {
        List<Subscription> held = current.map(SubscriptionList::getSubscriptions).orElse(List.of());
        return switch (command.getType()) {
            case SUBSCRIBE -> subscribe(startedAt(current, timestamp), held, command, timestamp, settings);
            case UNSUBSCRIBE -> command.getTargets().isEmpty()
                    ? unsubscribeAll(held, settings)
                    : unsubscribe(current, held, command, settings);
            case UNSUBSCRIBE_ALL -> unsubscribeAll(held, settings);
            case SUBSCRIPTIONS_EXPIRED -> current.isEmpty() || held.isEmpty()
                    ? Outcome.ignored("no subscription left to expire")
                    : expire(current.get(), command, timestamp, settings, subscriberStatus);
            // A command type of a later version; the reader refuses it before it gets here, this keeps it refused.
            case UNKNOWN -> Outcome.refused(ErrorCode.UNKNOWN_TYPE, "a command type this version does not know");
        };
    }

    /** When the list began: kept while it holds subscriptions, else it begins with this command. */
    private static long startedAt(Optional<SubscriptionList> current, long timestamp) {
        return current.filter(list -> !list.getSubscriptions().isEmpty()).map(SubscriptionList::getStartedAt)
                .orElse(timestamp);
    }

    /** The start of the subscriber's current not-ONLINE period, as far as the 24 h expiry counts it. */
    public static long notOnlineSince(SubscriptionList list, UserStatus subscriberStatus) {
        Long lastOnlineAt = subscriberStatus.getLastOnlineAt();
        long leftOnline = lastOnlineAt == null ? 0L : lastOnlineAt;
        return Math.max(leftOnline, list.getStartedAt());
    }

    private static Outcome<Changed> subscribe(long startedAt, List<Subscription> held, SubscriptionCommand command,
                                     long timestamp, SubscriptionSettings settings) {
        Set<String> targets = new LinkedHashSet<>(command.getTargets());
        Optional<Outcome<Changed>> refused = callRefusal(command, targets, settings);
        if (refused.isPresent()) {
            return refused.get();
        }
        List<Subscription> next = new ArrayList<>(held.size() + targets.size());
        for (Subscription subscription : held) {
            // Subscribing again to a held target makes it the newest: it leaves its old place.
            if (!targets.contains(subscription.getTarget())) {
                next.add(subscription);
            }
        }
        for (String target : targets) {
            next.add(Subscription.newBuilder().setTarget(target).setSubscribedAt(timestamp).build());
        }
        List<String> removed = new ArrayList<>();
        while (next.size() > settings.maxSubscriptionsPerUser()) {
            removed.add(next.remove(0).getTarget());
        }
        List<String> subscribed = new ArrayList<>(targets);
        subscribed.removeAll(removed);
        SubscriptionList after = SubscriptionList.newBuilder()
                .setSubscriber(command.getUserId())
                .setSubscriptions(next)
                .setStartedAt(startedAt)
                .build();
        return Outcome.accepted(new Changed(Optional.of(after), subscribed, removed));
    }

    private static Outcome<Changed> unsubscribe(Optional<SubscriptionList> current, List<Subscription> held, SubscriptionCommand command,
                                       SubscriptionSettings settings) {
        Set<String> targets = new LinkedHashSet<>(command.getTargets());
        Optional<Outcome<Changed>> refused = callRefusal(command, targets, settings);
        if (refused.isPresent()) {
            return refused.get();
        }
        List<Subscription> next = new ArrayList<>(held.size());
        List<String> removed = new ArrayList<>();
        for (Subscription subscription : held) {
            if (targets.contains(subscription.getTarget())) {
                removed.add(subscription.getTarget());
            } else {
                next.add(subscription);
            }
        }
        if (removed.isEmpty()) {
            return Outcome.ignored("none of the targets was subscribed");
        }
        if (next.isEmpty()) {
            return Outcome.accepted(Changed.cleared(removed));
        }
        // Something was removed, so there was a list: the one left keeps its subscriber and start.
        return Outcome.accepted(new Changed(current.map(list -> SubscriptionList.newBuilder(list).setSubscriptions(next).build()),
                List.of(), removed));
    }

    private static Outcome<Changed> unsubscribeAll(List<Subscription> held, SubscriptionSettings settings) {
        if (!settings.statusQueryAndNotify()) {
            return switchedOff();
        }
        if (held.isEmpty()) {
            return Outcome.ignored("no subscription to cancel");
        }
        return Outcome.accepted(Changed.cleared(targetsOf(held)));
    }

    /** {@code current} holds at least one subscription. */
    private static Outcome<Changed> expire(SubscriptionList current, SubscriptionCommand command,
                                  long timestamp, SubscriptionSettings settings, UserStatus subscriberStatus) {
        if (subscriberStatus.getStatus() == Status.ONLINE) {
            return Outcome.ignored("the subscriber is ONLINE again");
        }
        if (notOnlineSince(current, subscriberStatus) != command.getNotOnlineSince()) {
            // The subscriber was ONLINE (or its list restarted) after the decision: the decision is stale.
            return Outcome.ignored("the subscriber's not-ONLINE period changed since the decision");
        }
        if (timestamp < command.getNotOnlineSince() + settings.subscriptionExpiry().toMillis()) {
            // The engine decides at or after the expiry time; an earlier record is a producer's mistake.
            return Outcome.ignored("expiry before the subscriber's time without ONLINE ran out");
        }
        return Outcome.accepted(Changed.cleared(targetsOf(current.getSubscriptions())));
    }

    /** The refusal of a call that breaks a rule of its own (the switch, its size, the subscriber in it); empty when none. */
    private static Optional<Outcome<Changed>> callRefusal(SubscriptionCommand command, Set<String> targets,
                                                         SubscriptionSettings settings) {
        if (!settings.statusQueryAndNotify()) {
            return Optional.of(switchedOff());
        }
        if (targets.size() > settings.maxTargetsPerCall()) {
            return Optional.of(Outcome.refused(ErrorCode.TOO_MANY_TARGETS, targets.size()
                    + " distinct targets in one call, at most " + settings.maxTargetsPerCall() + " are allowed"));
        }
        if (targets.contains(command.getUserId())) {
            return Optional.of(Outcome.refused(ErrorCode.SELF_SUBSCRIPTION, "the call names the subscriber "
                    + command.getUserId() + " itself; nothing in it was applied"));
        }
        return Optional.empty();
    }

    private static Outcome<Changed> switchedOff() {
        return Outcome.refused(ErrorCode.FEATURE_DISABLED, "statusQueryAndNotify is off: subscribing and unsubscribing are refused");
    }

    private static List<String> targetsOf(List<Subscription> held) {
        List<String> targets = new ArrayList<>(held.size());
        for (Subscription subscription : held) {
            targets.add(subscription.getTarget());
        }
        return targets;
    }
}
