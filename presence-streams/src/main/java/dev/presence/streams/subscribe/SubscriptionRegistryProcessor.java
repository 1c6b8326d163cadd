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
import dev.presence.streams.config.LiveSettings;
import dev.presence.streams.config.LiveView;
import dev.presence.streams.fold.StatusFold;
import dev.presence.streams.index.SweepSettings;
import dev.presence.streams.ingest.Decoded;
import dev.presence.streams.ingest.Rejections;
import dev.presence.streams.verdict.Verdicts;
import dev.presence.streams.subscribe.SubscriptionRules.Changed;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

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

    private final LiveView<SubscriptionSettings> settingsView;
    private final SweepSettings expirySweep;
    private ProcessorContext<Object, Object> context;
    /** The expiry sweep this processor scheduled, cancelled when it closes. */
    private Cancellable expirySweeps;
    private KeyValueStore<String, SubscriptionList> subscriptions;
    private KeyValueStore<String, UserStatus> statuses;
    private SubscriptionExpiryIndex expiries;
    private LiveSettings<SubscriptionSettings> live;

    public SubscriptionRegistryProcessor(LiveView<SubscriptionSettings> settingsView, SweepSettings expirySweep) {
        this.settingsView = settingsView;
        this.expirySweep = expirySweep;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.subscriptions = context.getStateStore(Stores.SUBSCRIPTIONS);
        this.statuses = context.getStateStore(Stores.USER_STATUS);
        this.expiries = new SubscriptionExpiryIndex(context.getStateStore(Stores.SUBSCRIPTION_EXPIRY));
        this.live = settingsView.following(context.getStateStore(Stores.CONFIG));
        expirySweeps = context.schedule(expirySweep.interval(), PunctuationType.WALL_CLOCK_TIME, this::decideExpiries);
    }

    @Override
    public void process(Record<String, Decoded<SubscriptionCommand>> record) {
        SubscriptionCommand command = record.value().value();
        String subscriber = command.getUserId();
        Optional<SubscriptionList> before = Optional.ofNullable(subscriptions.get(subscriber));
        UserStatus status = statusOf(subscriber);
        SubscriptionSettings settings = live.current();
        Outcome<Changed> outcome = SubscriptionRules.apply(before, command, record.timestamp(), settings, status);
        if (outcome instanceof Outcome.Ignored<Changed> ignored) {
            log.debug("Ignored {} at {}: {}", command.getType(), Rejections.origin(context), ignored.why());
            Verdicts.ignoredSubscriptions(context, record, subscriber, before, ignored.why());
        } else if (outcome instanceof Outcome.Refused<Changed> refused) {
            Rejections.reject(context, record, refused.code(), refused.reason());
        } else {
            Changed changed = ((Outcome.Accepted<Changed>) outcome).value();
            Optional<SubscriptionList> after = changed.after();
            if (after.isEmpty()) {
                subscriptions.delete(subscriber);
            } else {
                subscriptions.put(subscriber, after.get());
                boolean firstSubscriptions = before.isEmpty() || before.get().getSubscriptions().isEmpty();
                if (firstSubscriptions && status.getStatus() != Status.ONLINE) {
                    expiries.schedule(after.get().getStartedAt() + settings.subscriptionExpiry().toMillis(), subscriber);
                }
            }
            Verdicts.appliedSubscriptions(context, record, subscriber, changed.after());
            forwardEdges(record, subscriber, changed.removed(), false);
            forwardEdges(record, subscriber, changed.subscribed(), true);
        }
    }

    /** The subscriber's status as stored, or {@link StatusFold#unseen} when the engine has never seen it. */
    private UserStatus statusOf(String subscriber) {
        UserStatus stored = statuses.get(subscriber);
        return stored != null ? stored : StatusFold.unseen(subscriber);
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
        long expiry = live.current().subscriptionExpiry().toMillis();
        // A subscriber can have several due entries (one per time it left ONLINE): decide once per sweep.
        for (String subscriber : new LinkedHashSet<>(expiries.takeDue(now, expirySweep.entriesPerSweep()))) {
            SubscriptionList list = subscriptions.get(subscriber);
            UserStatus status = statusOf(subscriber);
            if (list == null || status.getStatus() == Status.ONLINE) {
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

    /**
     * Kafka Streams 4.4 may start this same processor again (a task resumed or revived) without
     * clearing the task's punctuations: cancelled here, or the next start would add a second one.
     */
    @Override
    public void close() {
        if (expirySweeps != null) {
            expirySweeps.cancel();
        }
    }
}
