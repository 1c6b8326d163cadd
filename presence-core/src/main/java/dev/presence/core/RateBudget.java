package dev.presence.core;

import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;

import java.time.Duration;

/**
 * The three calls the reference limits per user, each with a budget of its own (its getUserStatus,
 * subscribeUserStatus and unsubscribeUserStatus): using one up leaves the others whole.
 */
public enum RateBudget {
    /** Asking about other users' statuses; one's own status is never limited. */
    QUERY(SettingsCatalogue.RATE_LIMIT_QUERY_CALLS, SettingsCatalogue.RATE_LIMIT_QUERY_WINDOW),
    SUBSCRIBE(SettingsCatalogue.RATE_LIMIT_SUBSCRIBE_CALLS, SettingsCatalogue.RATE_LIMIT_SUBSCRIBE_WINDOW),
    UNSUBSCRIBE(SettingsCatalogue.RATE_LIMIT_UNSUBSCRIBE_CALLS, SettingsCatalogue.RATE_LIMIT_UNSUBSCRIBE_WINDOW);

    private final Setting<Integer> calls;
    private final Setting<Duration> window;

    RateBudget(Setting<Integer> calls, Setting<Duration> window) {
        this.calls = calls;
        this.window = window;
    }

    public Setting<Integer> calls() {
        return calls;
    }

    public Setting<Duration> window() {
        return window;
    }

    /** The budget's name on the wire between instances and in messages: {@code query}, {@code subscribe}, {@code unsubscribe}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
