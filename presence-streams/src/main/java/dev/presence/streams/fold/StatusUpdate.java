package dev.presence.streams.fold;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;
import org.jspecify.annotations.Nullable;

import java.util.Optional;

/**
 * What an event the fold accepted did to the user's status. {@code transition} is empty when neither
 * the general status nor the custom status changed (a heartbeat, a second device); {@code refreshOnly}
 * is true when only heartbeat times moved, which is not worth a {@code presence.status} record.
 */
public record StatusUpdate(UserStatus state, Optional<Transition> transition, boolean refreshOnly) {

    /**
     * A visible change: what the user was before ({@code oldCustomStatus} null: it had none), and why it
     * changed. The new values are in the state.
     */
    public record Transition(Status oldStatus, @Nullable String oldCustomStatus, ChangeReason reason) {
    }
}
