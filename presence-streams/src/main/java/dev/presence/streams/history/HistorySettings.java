package dev.presence.streams.history;

import dev.presence.core.PresenceSettings;

import java.time.Duration;

/** What the status history reads: how long a user's points are kept (the one before the cutoff stays). */
public record HistorySettings(Duration retention) {

    public static HistorySettings of(PresenceSettings settings) {
        return new HistorySettings(settings.historyRetention());
    }
}
