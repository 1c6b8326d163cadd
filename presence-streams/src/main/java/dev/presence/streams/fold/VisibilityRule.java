package dev.presence.streams.fold;

import dev.presence.schema.ChangeReason;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.UserStatus;
import dev.presence.schema.Visibility;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import dev.presence.streams.fold.StatusUpdate.Transition;
import dev.presence.core.codec.EnumFallback;

import java.util.Optional;

/**
 * SET_VISIBILITY: a user's choice, kept across logins and logouts, to be seen as it is or as OFFLINE.
 * A toggle is a change of its own (new version), so that the user's clients hear of it and others'
 * view moves on; while hidden, the version and time others see stay those of turning invisible.
 */
final class VisibilityRule {

    private VisibilityRule() {
    }

    static Outcome<StatusUpdate> apply(UserStatus before, PresenceEvent event, long timestamp) {
        Visibility wanted = event.getVisibility();
        if (wanted == null || EnumFallback.isFallback(wanted)) {
            return Outcome.refused(ErrorCode.UNKNOWN_VISIBILITY, "visibility must be VISIBLE or INVISIBLE");
        }
        if (wanted == before.getVisibility()) {
            return Outcome.ignored("visibility unchanged");
        }
        boolean hide = wanted == Visibility.INVISIBLE;
        long version = before.getVersion() + 1;
        UserStatus after = UserStatus.newBuilder(before)
                .setVisibility(wanted)
                .setVersion(version)
                .setStatusChangedAt(timestamp)
                .setHiddenSince(hide ? Long.valueOf(timestamp) : null)
                .setHiddenVersion(hide ? Long.valueOf(version) : null)
                .build();
        return Outcome.accepted(new StatusUpdate(after,
                Optional.of(new Transition(before.getStatus(), before.getCustomStatus(), ChangeReason.VISIBILITY)), false));
    }
}
