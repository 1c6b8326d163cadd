package dev.presence.streams.subscribe;

import dev.presence.schema.Relation;
import dev.presence.schema.Status;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.schema.WatchEdge;
import dev.presence.core.Outcome;
import dev.presence.core.PresenceNames.Nodes;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.config.LiveSettings;
import dev.presence.streams.ingest.Decoded;
import dev.presence.streams.ingest.Rejections;
import dev.presence.streams.verdict.Verdicts;
import dev.presence.streams.subscribe.SubscriptionRules.Changed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Keeps each subscriber's subscriptions (keyed by subscriber, so in the subscriber's partition) and
 * tells the watched side what changed through {@code <application.id>-watch-edges}, keyed by the target.
 * <p>
 * Also decides the 24 h expiry: a wall-clock punctuator sweeps the expiry index under a budget and
 * writes SUBSCRIPTIONS_EXPIRED to {@code presence.subscriptions}; the decision takes effect when it
 * comes back through the log, and only if the subscriber has not been ONLINE since (a login wins).
 */
public final class SubscriptionRegistryProcessor implements Processor<String, Decoded<SubscriptionCommand>, Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionRegistryProcessor.class);

    private final PresenceSettings startup;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, SubscriptionList> subscriptions;
    private KeyValueStore<String, UserStatus> statuses;
    private SubscriptionExpiryIndex expiries;
    private LiveSettings live;

    public SubscriptionRegistryProcessor(PresenceSettings startup) {
        this.startup = startup;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.subscriptions = context.getStateStore(Stores.SUBSCRIPTIONS);
        this.statuses = context.getStateStore(Stores.USER_STATUS);
        this.expiries = new SubscriptionExpiryIndex(context.getStateStore(Stores.SUBSCRIPTION_EXPIRY));
        this.live = new LiveSettings(startup, context.getStateStore(Stores.CONFIG));
        context.schedule(startup.timeoutCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::decideExpiries);
    }

    @Override
    public void process(Record<String, Decoded<SubscriptionCommand>> record) {
        SubscriptionCommand command = record.value().value();
        String subscriber = command.getUserId();
        SubscriptionList before = subscriptions.get(subscriber);
        UserStatus status = statuses.get(subscriber);
        PresenceSettings settings = live.current();
        Outcome<Changed> outcome = SubscriptionRules.apply(before, command, record.timestamp(), settings, status);
        if (outcome instanceof Outcome.Ignored<Changed> ignored) {
            log.debug("Ignored {} at {}: {}", command.getType(), Rejections.origin(context), ignored.why());
            Verdicts.ignoredSubscriptions(context, record, subscriber, before, ignored.why());
        } else if (outcome instanceof Outcome.Refused<Changed> refused) {
            Rejections.reject(context, record, refused.code(), refused.reason());
        } else {
            Changed changed = ((Outcome.Accepted<Changed>) outcome).value();
            if (changed.after() == null) {
                subscriptions.delete(subscriber);
            } else {
                subscriptions.put(subscriber, changed.after());
                boolean firstSubscriptions = before == null || before.getSubscriptions().isEmpty();
                if (firstSubscriptions && (status == null || status.getStatus() != Status.ONLINE)) {
                    expiries.schedule(changed.after().getStartedAt() + settings.subscriptionExpiry().toMillis(),
                            subscriber);
                }
            }
            Verdicts.appliedSubscriptions(context, record, subscriber, changed.after());
            forwardEdges(record, subscriber, changed.removed(), false);
            forwardEdges(record, subscriber, changed.subscribed(), true);
        }
    }

    private void forwardEdges(Record<?, ?> cause, String subscriber, List<String> targets, boolean added) {
        for (String target : targets) {
            WatchEdge edge = WatchEdge.newBuilder().setTarget(target).setWatcher(subscriber)
                    .setRelation(Relation.SUBSCRIBER).setAdded(added).build();
            context.forward(new Record<>((Object) target, (Object) edge, cause.timestamp()), Nodes.WATCH_EDGES_SINK);
        }
    }

    /** Writes SUBSCRIPTIONS_EXPIRED for each subscriber whose time without ONLINE ran out, within budget. */
    private void decideExpiries(long now) {
        PresenceSettings settings = live.current();
        long expiry = settings.subscriptionExpiry().toMillis();
        // A subscriber can have several due entries (one per time it left ONLINE): decide once per sweep.
        for (String subscriber : new LinkedHashSet<>(expiries.takeDue(now, startup.timeoutsPerCheck()))) {
            SubscriptionList list = subscriptions.get(subscriber);
            UserStatus status = statuses.get(subscriber);
            if (list == null || (status != null && status.getStatus() == Status.ONLINE)) {
                continue;
            }
            long since = SubscriptionRules.notOnlineSince(list, status);
            if (since + expiry > now) {
                expiries.schedule(since + expiry, subscriber);
                continue;
            }
            SubscriptionCommand expired = SubscriptionCommand.newBuilder()
                    .setType(SubscriptionCommandType.SUBSCRIPTIONS_EXPIRED)
                    .setUserId(subscriber)
                    .setNotOnlineSince(since)
                    .build();
            context.forward(new Record<>((Object) subscriber, (Object) expired, now), Nodes.EXPIRY_EVENTS_SINK);
        }
    }
}
