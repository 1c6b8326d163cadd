package dev.presence.streams.config;

import dev.presence.core.PresenceSettings;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.function.Function;

/**
 * What the topology gives a processor whose settings an admin can change at run time: its own view of the
 * start-up settings, to follow the live overrides once the processor has the config store at hand (in
 * {@code init()}). The processor reads its settings only through {@code view}: the whole record stays here.
 */
public final class LiveView<V> {

    private final PresenceSettings startup;
    private final Function<PresenceSettings, V> view;

    private LiveView(PresenceSettings startup, Function<PresenceSettings, V> view) {
        this.startup = startup;
        this.view = view;
    }

    public static <V> LiveView<V> of(PresenceSettings startup, Function<PresenceSettings, V> view) {
        return new LiveView<>(startup, view);
    }

    /** The view as the engine started, before any override: for what only a restart changes. */
    public V atStartup() {
        return view.apply(startup);
    }

    /** The view in force now and from now on, following {@code overrides} (the global config store). */
    public LiveSettings<V> following(ReadOnlyKeyValueStore<String, String> overrides) {
        return new LiveSettings<>(startup, overrides, view);
    }
}
