package dev.presence.streams.fold;

import dev.presence.schema.ClientSession;
import dev.presence.schema.UserStatus;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Optional;

/**
 * When a heartbeat that changes nothing visible must still be written to the user-status store (and
 * so to its changelog). A heartbeat only moves times: the session's last heartbeat and the user's
 * last-seen time. The exact times are kept in memory ({@link BufferedHeartbeatStatusStore}); the
 * persisted record may lag them by less than {@link #interval()}, and is written again once any of
 * its times would lag by that much.
 * <p>
 * What that costs on a restore or a failover (the memory is lost, the persisted record comes back):
 * every restored heartbeat time is earlier than the exact one by less than the interval, so the
 * restored deadline (persisted heartbeat + timeout) may be early by less than the interval. The
 * sweep therefore grants restored sessions that grace ({@link #graceAfterRestore}): a session that
 * stays silent after a restore is declared timed out at most one interval late, never early.
 * <p>
 * The interval is half the heartbeat timeout: a client beating every timeout/8 has every fourth
 * heartbeat written (0.25 records per heartbeat), one beating every timeout/2 or slower has every
 * heartbeat written, as before.
 */
public final class HeartbeatPersistence {

    private final long intervalMs;

    public HeartbeatPersistence(Duration heartbeatTimeout) {
        this.intervalMs = Math.max(1, heartbeatTimeout.toMillis() / 2);
    }

    /** How far a persisted heartbeat time may lag the exact one, and so the grace a restored session gets. */
    public Duration interval() {
        return Duration.ofMillis(intervalMs);
    }

    /**
     * Whether {@code exact}, which differs from {@code persisted} in heartbeat and last-seen times only,
     * must be written now: true once the last-seen time or any session's last heartbeat in {@code exact}
     * is {@link #interval()} or more ahead of the persisted one (a session the persisted record does not
     * hold as the same session counts as infinitely ahead).
     */
    public boolean mustPersist(UserStatus persisted, UserStatus exact) {
        if (lagsBy(persisted.getLastSeenAt(), exact.getLastSeenAt())) {
            return true;
        }
        for (ClientSession session : exact.getClients()) {
            Optional<ClientSession> stored = sameSession(persisted, session);
            if (stored.isEmpty() || stored.get().getState() != session.getState()
                    || session.getLastHeartbeatAt() - stored.get().getLastHeartbeatAt() >= intervalMs) {
                return true;
            }
        }
        return exact.getClients().size() != persisted.getClients().size();
    }

    /**
     * The grace a session's deadline gets when its heartbeat time comes from a restored record rather
     * than from memory: the interval, the most the restored time can lag the exact one.
     */
    public long graceAfterRestore() {
        return intervalMs;
    }

    /** Last-seen times: absent before the user was first seen. */
    private boolean lagsBy(@Nullable Long persisted, @Nullable Long exact) {
        if (exact == null) {
            return persisted != null;
        }
        return persisted == null || exact - persisted >= intervalMs;
    }

    private static Optional<ClientSession> sameSession(UserStatus persisted, ClientSession session) {
        for (ClientSession stored : persisted.getClients()) {
            if (stored.getClientId().equals(session.getClientId())) {
                return stored.getSessionId().equals(session.getSessionId()) ? Optional.of(stored) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
