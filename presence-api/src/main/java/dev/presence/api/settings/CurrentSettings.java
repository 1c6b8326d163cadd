package dev.presence.api.settings;

import dev.presence.api.query.StatusUnavailableException;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.core.PresenceSettings;
import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import dev.presence.streams.config.LiveSettings;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

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
        return new LiveSettings<>(startup, overrideStore(), Function.identity()).current();
    }

    public PresenceSettings startup() {
        return startup;
    }

    /** The overrides in {@code presence.config}, by setting name. */
    public Map<String, String> overrides() {
        ReadOnlyKeyValueStore<String, String> store = overrideStore();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Setting<?> setting : SettingsCatalogue.live()) {
            String name = setting.liveName().orElseThrow();
            String value = store.get(name);
            if (value != null) {
                overrides.put(name, value);
            }
        }
        return overrides;
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
