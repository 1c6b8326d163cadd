package dev.presence.streams.occupancy;

import dev.presence.schema.Status;
import dev.presence.schema.UserStatus;

import java.util.Optional;

/**
 * One user's move between the occupancy counts: from its old general status ({@code from} empty: the
 * engine had never seen it) to its new one. Given to the occupancy counter by the status fold for
 * each applied event that changes a user's general status or is the first the user is stored by.
 */
public record OccupancyMove(Optional<Status> from, Status to) {

    /** The move from {@code stored} (empty: never seen, so never counted) to {@code after}, if it moves a count. */
    public static Optional<OccupancyMove> between(Optional<UserStatus> stored, UserStatus after) {
        if (stored.isEmpty()) {
            return Optional.of(new OccupancyMove(Optional.empty(), after.getStatus()));
        }
        Status before = stored.get().getStatus();
        if (before == after.getStatus()) {
            return Optional.empty();
        }
        return Optional.of(new OccupancyMove(Optional.of(before), after.getStatus()));
    }
}
