package dev.presence.streams.notify;

import dev.presence.core.PresenceSettings;

import java.time.Duration;

/**
 * What the notification fan-out reads: who hears of a change (the switches, live) and how much of a
 * partition's time one fan-out may take (per turn, and the interval between turns of the queued jobs).
 */
public record FanoutSettings(boolean statusQueryAndNotify, boolean friendAutoNotify, int fanoutPerTurn,
                             Duration fanoutTurnBudget, Duration fanoutInterval) {

    public static FanoutSettings of(PresenceSettings settings) {
        return new FanoutSettings(settings.statusQueryAndNotify(), settings.friendAutoNotify(),
                settings.fanoutPerTurn(), settings.fanoutTurnBudget(), settings.fanoutInterval());
    }
}
