package dev.presence.streams.config;

import dev.presence.streams.PresenceSettings;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The settings in force now: the start-up settings with the live overrides of {@code presence.config}
 * (held in a global store that every instance follows) applied on top. The store holds only valid
 * values ({@link ConfigStoreUpdater} checks each record once as it arrives), so nothing is reported here.
 */
public final class LiveSettings {

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
                    // Checked when stored: cannot happen. Keep the start-up value rather than fail a call.
                }
            }
        }
        return settings;
    }
}
