package dev.presence.streams.subscribe;

import dev.presence.schema.Status;
import dev.presence.schema.StatusChange;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.streams.config.LiveSettings;
import dev.presence.streams.config.LiveView;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Starts a subscriber's 24 h expiry clock when it leaves ONLINE while holding subscriptions. */
public final class SubscriptionExpiryScheduler implements Processor<String, StatusChange, Void, Void> {

    private final LiveView<SubscriptionSettings> settingsView;
    private KeyValueStore<String, ?> subscriptions;
    private SubscriptionExpiryIndex expiries;
    private LiveSettings<SubscriptionSettings> live;

    public SubscriptionExpiryScheduler(LiveView<SubscriptionSettings> settingsView) {
        this.settingsView = settingsView;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        subscriptions = context.getStateStore(Stores.SUBSCRIPTIONS);
        expiries = new SubscriptionExpiryIndex(context.getStateStore(Stores.SUBSCRIPTION_EXPIRY));
        live = settingsView.following(context.getStateStore(Stores.CONFIG));
    }

    @Override
    public void process(Record<String, StatusChange> record) {
        StatusChange change = record.value();
        boolean leftOnline = change.getOldStatus() == Status.ONLINE && change.getNewStatus() != Status.ONLINE;
        if (leftOnline && subscriptions.get(change.getUserId()) != null) {
            expiries.schedule(change.getChangedAt() + live.current().subscriptionExpiry().toMillis(), change.getUserId());
        }
    }
}
