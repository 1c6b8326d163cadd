package dev.presence.streams.config;

import dev.presence.streams.PresenceSettings;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings in force now: the start-up settings with the live overrides of {@code presence.config}
 * (held in a global store that every instance follows) applied on top. An override that is not valid
 * is skipped with a warning, so a bad config record never stops the engine.
 */
public final class LiveSettings {

    private static final Logger log = LoggerFactory.getLogger(LiveSettings.class);

    private final PresenceSettings startup;
    private final ReadOnlyKeyValueStore<String, String> overrides;

    public LiveSettings(PresenceSettings startup, ReadOnlyKeyValueStore<String, String> overrides) {
        this.startup = startup;
        this.overrides = overrides;
    }

    public PresenceSettings current() {
        PresenceSettings settings = startup;
        for (LiveSetting setting : LiveSetting.values()) {
            String value = overrides.get(setting.key());
            if (value != null) {
                try {
                    settings = setting.applyTo(settings, value);
                } catch (IllegalArgumentException e) {
                    log.warn("Ignoring presence.config override: {}", e.getMessage());
                }
            }
        }
        return settings;
    }
}
