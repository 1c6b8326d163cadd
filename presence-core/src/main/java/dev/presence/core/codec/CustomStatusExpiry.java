package dev.presence.core.codec;


import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;

import java.time.Duration;
import java.util.Optional;

/**
 * When a custom status expires. A SET_CUSTOM_STATUS event may name its expiry as {@code expiresAt}
 * (epoch millis) or {@code ttlSeconds}; either way it is measured from the record's time, never from
 * the clock of whoever reads it, so that a replay of the log accepts and refuses exactly what the
 * first run did. The expiry must lie after that time and at most {@link #MAX_AHEAD} later.
 */
public final class CustomStatusExpiry {

    /** The farthest ahead an expiry may lie. Fixed, not a setting: a changed bound would refuse on replay what was accepted. */
    public static final Duration MAX_AHEAD = Duration.ofDays(30);
    public static final long MAX_TTL_SECONDS = MAX_AHEAD.toSeconds();

    private CustomStatusExpiry() {
    }

    /** What the event's expiry fields say on their own (no time needed); empty when fine. */
    public static Optional<String> shapeProblem(PresenceEvent event) {
        boolean hasExpiresAt = event.getExpiresAt() != null;
        boolean hasTtl = event.getTtlSeconds() != null;
        if (event.getType() == EventType.CUSTOM_STATUS_EXPIRED) {
            return hasExpiresAt ? Optional.empty() : Optional.of("CUSTOM_STATUS_EXPIRED requires expiresAt");
        }
        if (!hasExpiresAt && !hasTtl) {
            return Optional.empty();
        }
        if (event.getType() != EventType.SET_CUSTOM_STATUS) {
            return Optional.of("expiresAt and ttlSeconds belong to SET_CUSTOM_STATUS only");
        }
        if (hasExpiresAt && hasTtl) {
            return Optional.of("give expiresAt or ttlSeconds, not both");
        }
        if (event.getCustomStatus() == null || event.getCustomStatus().isEmpty()) {
            return Optional.of("an expiry needs a custom status to expire (clearing takes none)");
        }
        if (hasTtl && (event.getTtlSeconds() < 1 || event.getTtlSeconds() > MAX_TTL_SECONDS)) {
            return Optional.of("ttlSeconds is " + event.getTtlSeconds() + ", it must be 1 to " + MAX_TTL_SECONDS
                    + " (30 days)");
        }
        return Optional.empty();
    }

    /** The expiry a (well-shaped) SET_CUSTOM_STATUS asks for, empty when none. */
    public static Optional<Long> expiresAt(PresenceEvent event, long timestamp) {
        if (event.getExpiresAt() != null) {
            return Optional.of(event.getExpiresAt());
        }
        return event.getTtlSeconds() == null ? Optional.empty() : Optional.of(timestamp + event.getTtlSeconds() * 1000L);
    }

    /** What is wrong with expiring at {@code expiresAt} when set at {@code now}; empty when fine. */
    public static Optional<String> windowProblem(long expiresAt, long now) {
        if (expiresAt <= now) {
            return Optional.of("expiresAt " + expiresAt + " is not after the time it was set (" + now + ")");
        }
        if (expiresAt - now > MAX_AHEAD.toMillis()) {
            return Optional.of("expiresAt " + expiresAt + " is more than 30 days after the time it was set (" + now + ")");
        }
        return Optional.empty();
    }
}
