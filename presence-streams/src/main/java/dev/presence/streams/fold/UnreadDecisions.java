package dev.presence.streams.fold;

import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;

/**
 * Whether a task's latest decisions (timeouts, custom status expiries) have come back through its
 * partition of {@code presence.events} yet. Until they have, the task has not read what was appended
 * before them either, heartbeats included, so its state is older than the wall clock says: a sweep
 * then would time out sessions whose refreshing heartbeats are still unread. Each such decision is
 * ignored when it comes back, but it is one more record to write and read, on an engine already
 * behind; with a short heartbeat timeout, an engine more than one timeout behind would decide every
 * session again at every sweep and fall further behind. So a sweep waits for the last one's
 * decisions: sweeps are throttled to one per round trip through the log. (A sweep right after the
 * wait still judges deadlines by the wall clock, so an engine that stays behind still makes some
 * decisions the fold will ignore; far fewer.)
 * <p>
 * The decisions come back in order, after everything appended before them: the first one read
 * back, of the latest sweep or a later one, means the task has caught up to that sweep. A sweep
 * waits at most {@code longestWait}: decisions lost with an aborted transaction restart the task, and
 * this with it, but one refused by the production handler is simply lost, and it must not hold up the
 * task's timeouts for long.
 * <p>
 * Memory only, one per task: a restarted task has nothing unread, and its first sweep decides.
 */
final class UnreadDecisions {

    private static final long NONE = Long.MIN_VALUE;

    private final long longestWaitMs;
    /** The wall-clock time of the latest sweep whose decisions have not come back, or {@link #NONE}. */
    private long sweptAt = NONE;

    UnreadDecisions(long longestWaitMs) {
        this.longestWaitMs = longestWaitMs;
    }

    /** May a sweep at {@code now} decide, or must it wait for the last sweep's decisions to come back? */
    boolean maySweep(long now) {
        return sweptAt == NONE || overdue(now);
    }

    /** Whether the last sweep's decisions have been waited for as long as a wait may last. */
    boolean overdue(long now) {
        return sweptAt != NONE && now - sweptAt >= longestWaitMs;
    }

    /** A sweep at {@code now} wrote decisions. */
    void written(long now) {
        sweptAt = now;
    }

    /** An event the fold takes: one of the engine's decisions, of the latest sweep or later, ends the wait. */
    void read(PresenceEvent event) {
        if (sweptAt != NONE && isDecision(event) && event.getOccurredAt() != null && event.getOccurredAt() >= sweptAt) {
            sweptAt = NONE;
        }
    }

    /** How long the sweep at {@code now} has waited, for the log; 0 when it does not wait. */
    long waitedMs(long now) {
        return sweptAt == NONE ? 0 : now - sweptAt;
    }

    private static boolean isDecision(PresenceEvent event) {
        return event.getType() == EventType.SESSION_TIMED_OUT || event.getType() == EventType.CUSTOM_STATUS_EXPIRED;
    }
}
