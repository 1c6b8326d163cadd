package dev.presence.streams.config;

import dev.presence.streams.PresenceNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the global config store equal to the compacted presence.config topic; a tombstone removes an override. */
public final class ConfigStoreUpdater implements Processor<String, String, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(ConfigStoreUpdater.class);

    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(PresenceNames.Stores.CONFIG);
    }

    @Override
    public void process(Record<String, String> record) {
        if (record.key() == null) {
            return;
        }
        if (LiveSetting.byKey(record.key()).isEmpty()) {
            log.warn("presence.config has an unknown setting '{}'; known: statusQueryAndNotify, friendAutoNotify, "
                    + "maxSubscriptionsPerUser, maxTargetsPerCall, subscriptionExpiryMs, maxUsersPerQuery, "
                    + "rateLimitCalls, rateLimitWindowMs", record.key());
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
            log.info("Live setting {} = {}", record.key(), record.value());
        }
    }
}
