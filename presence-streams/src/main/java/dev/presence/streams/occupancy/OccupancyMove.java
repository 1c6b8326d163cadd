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

    /** The move from {@code before} (null: never seen) to {@code after}, if it moves a count. */
    public static Optional<OccupancyMove> between(UserStatus before, UserStatus after) {
        if (before == null) {
            return Optional.of(new OccupancyMove(Optional.empty(), after.getStatus()));
        }
        if (before.getStatus() == after.getStatus()) {
            return Optional.empty();
        }
        return Optional.of(new OccupancyMove(Optional.of(before.getStatus()), after.getStatus()));
    }
}
