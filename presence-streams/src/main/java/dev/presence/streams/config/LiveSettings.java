package dev.presence.streams.config;

import dev.presence.core.PresenceSettings;
import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One reader's view of the settings in force now: the start-up settings with the live overrides of
 * {@code presence.config} (held in a global store that every instance follows) applied on top, seen
 * through {@code view} (a processor's own small settings record). The store holds only valid values
 * ({@link ConfigStoreUpdater} checks each record once as it arrives), so nothing is reported here.
 * One instance per processor (it remembers the last view it built, for its own thread only).
 */
public final class LiveSettings<V> {

    private static final List<Setting<?>> LIVE = SettingsCatalogue.live();

    private final PresenceSettings startup;
    private final ReadOnlyKeyValueStore<String, String> overrides;
    private final Function<PresenceSettings, V> view;
    private @Nullable String[] lastValues;
    private V lastView;

    public LiveSettings(PresenceSettings startup, ReadOnlyKeyValueStore<String, String> overrides,
                        Function<PresenceSettings, V> view) {
        this.startup = startup;
        this.overrides = overrides;
        this.view = view;
        this.lastValues = overrideValues();
        this.lastView = view.apply(build(lastValues));
    }

    /**
     * Called on every status change (fan-out, expiry scheduling): the overrides are read each time, but
     * the view is rebuilt only when one of them differs from the last call's.
     */
    public V current() {
        @Nullable String[] values = overrideValues();
        if (!Arrays.equals(values, lastValues)) {
            lastView = view.apply(build(values));
            lastValues = values;
        }
        return lastView;
    }

    /** The override of each live setting, in the catalogue's order; null where none is set. */
    private @Nullable String[] overrideValues() {
        @Nullable String[] values = new String[LIVE.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = overrides.get(LIVE.get(i).liveName().orElseThrow());
        }
        return values;
    }

    private PresenceSettings build(@Nullable String[] values) {
        PresenceSettings settings = startup;
        for (int i = 0; i < values.length; i++) {
            String value = values[i];
            if (value != null) {
                try {
                    settings = settings.withText(LIVE.get(i), value);
                } catch (IllegalArgumentException e) {
                    // Checked when stored: cannot happen. Keep the start-up value rather than fail a call.
                }
            }
        }
        return settings;
    }
}
