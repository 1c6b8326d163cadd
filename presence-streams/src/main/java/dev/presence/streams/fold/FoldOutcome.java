package dev.presence.streams.fold;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;

/** What applying one event to a user's status gave. */
public sealed interface FoldOutcome {

    /** The event changes nothing (unknown or closed session, duplicate, older session...). Counted, never an error. */
    record Ignored(String why) implements FoldOutcome {
    }

    /** The event breaks a rule that needs the user's state (custom status while not ONLINE). */
    record Refused(ErrorCode code, String reason) implements FoldOutcome {
    }

    /**
     * The event was applied. {@code transition} is null when neither the general status nor the custom
     * status changed (a heartbeat, a second device); {@code refreshOnly} is true when only heartbeat
     * times moved, which is not worth a {@code presence.status} record.
     */
    record Applied(UserStatus state, Transition transition, boolean refreshOnly) implements FoldOutcome {
    }

    /** A visible change: what the user was before, and why it changed. The new values are in the state. */
    record Transition(Status oldStatus, String oldCustomStatus, ChangeReason reason) {
    }
}
