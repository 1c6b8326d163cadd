package dev.presence.streams.config;

import dev.presence.core.PresenceSettings;
import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Arrays;
import java.util.List;

/**
 * The settings in force now: the start-up settings with the live overrides of {@code presence.config}
 * (held in a global store that every instance follows) applied on top. The store holds only valid
 * values ({@link ConfigStoreUpdater} checks each record once as it arrives), so nothing is reported here.
 * One instance per processor (it remembers the last settings it built, for its own thread only).
 */
public final class LiveSettings {

    private final PresenceSettings startup;
    private static final List<Setting<?>> LIVE = SettingsCatalogue.live();

    private final ReadOnlyKeyValueStore<String, String> overrides;
    private String[] lastValues;
    private PresenceSettings lastSettings;

    public LiveSettings(PresenceSettings startup, ReadOnlyKeyValueStore<String, String> overrides) {
        this.startup = startup;
        this.overrides = overrides;
    }

    /**
     * Called on every status change (fan-out, expiry scheduling): the overrides are read each time, but
     * the settings are rebuilt only when one of them differs from the last call's.
     */
    public PresenceSettings current() {
        String[] values = new String[LIVE.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = overrides.get(LIVE.get(i).liveName().orElseThrow());
        }
        if (!Arrays.equals(values, lastValues)) {
            lastSettings = build(values);
            lastValues = values;
        }
        return lastSettings;
    }

    private PresenceSettings build(String[] values) {
        PresenceSettings settings = startup;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                try {
                    settings = settings.withText(LIVE.get(i), values[i]);
                } catch (IllegalArgumentException e) {
                    // Checked when stored: cannot happen. Keep the start-up value rather than fail a call.
                }
            }
        }
        return settings;
    }
}
