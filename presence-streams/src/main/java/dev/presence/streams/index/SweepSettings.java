package dev.presence.streams.index;

import dev.presence.core.PresenceSettings;

import java.time.Duration;

/**
 * How often a wall-clock punctuator sweeps a time-ordered index, and how many due entries one sweep takes
 * at most. Heartbeat timeouts, custom status expiries and subscription expiries are all swept to the same
 * rhythm, so that one pair of settings bounds what a sweep may cost a partition.
 */
public record SweepSettings(Duration interval, int entriesPerSweep) {

    public static SweepSettings of(PresenceSettings settings) {
        return new SweepSettings(settings.timeoutCheckInterval(), settings.timeoutsPerCheck());
    }
}
