package dev.presence.streams.fold;

import dev.presence.core.PresenceSettings;
import dev.presence.streams.index.SweepSettings;

import java.time.Duration;

/**
 * What the status fold reads: the session rules (how many clients a user keeps, how long a session lives
 * without a heartbeat) and the sweep that decides timeouts and custom status expiries. None of them is
 * live: they take effect at start-up.
 */
public record StatusFoldSettings(int maxClientsPerUser, Duration heartbeatTimeout, SweepSettings sweep) {

    public static StatusFoldSettings of(PresenceSettings settings) {
        return new StatusFoldSettings(settings.maxClientsPerUser(), settings.heartbeatTimeout(),
                SweepSettings.of(settings));
    }
}
