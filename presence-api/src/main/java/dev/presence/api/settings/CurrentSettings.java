package dev.presence.api.settings;

import dev.presence.api.query.StatusUnavailableException;
import dev.presence.streams.PresenceNames.Stores;
import dev.presence.streams.PresenceSettings;
import dev.presence.streams.config.LiveSetting;
import dev.presence.streams.config.LiveSettings;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings in force for the REST API: the start-up settings with the overrides of
 * {@code presence.config} applied, read from the global config store that every instance follows,
 * so a switch changed through any instance applies on all of them.
 */
public final class CurrentSettings {

    private final KafkaStreams streams;
    private final PresenceSettings startup;

    public CurrentSettings(KafkaStreams streams, PresenceSettings startup) {
        this.streams = streams;
        this.startup = startup;
    }

    /** @throws StatusUnavailableException until the global store is queryable (before Streams runs) */
    public PresenceSettings current() {
        return new LiveSettings(startup, overrideStore()).current();
    }

    public PresenceSettings startup() {
        return startup;
    }

    /** The overrides in {@code presence.config}, by setting name. */
    public Map<String, String> overrides() {
        ReadOnlyKeyValueStore<String, String> store = overrideStore();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (LiveSetting setting : LiveSetting.values()) {
            String value = store.get(setting.key());
            if (value != null) {
                overrides.put(setting.key(), value);
            }
        }
        return overrides;
    }

    /** A setting's value as text, in the form presence.config takes it. */
    public static String valueOf(LiveSetting setting, PresenceSettings settings) {
        return switch (setting) {
            case STATUS_QUERY_AND_NOTIFY -> Boolean.toString(settings.statusQueryAndNotify());
            case FRIEND_AUTO_NOTIFY -> Boolean.toString(settings.friendAutoNotify());
            case MAX_SUBSCRIPTIONS_PER_USER -> Integer.toString(settings.maxSubscriptionsPerUser());
            case MAX_TARGETS_PER_CALL -> Integer.toString(settings.maxTargetsPerCall());
            case SUBSCRIPTION_EXPIRY_MS -> Long.toString(settings.subscriptionExpiry().toMillis());
            case MAX_USERS_PER_QUERY -> Integer.toString(settings.maxUsersPerQuery());
            case RATE_LIMIT_CALLS -> Integer.toString(settings.rateLimitCalls());
            case RATE_LIMIT_WINDOW_MS -> Long.toString(settings.rateLimitWindow().toMillis());
        };
    }

    private ReadOnlyKeyValueStore<String, String> overrideStore() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(Stores.CONFIG,
                    QueryableStoreTypes.<String, String>keyValueStore()));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new StatusUnavailableException("the live settings are not readable yet: " + e.getMessage(), e);
        }
    }
}
