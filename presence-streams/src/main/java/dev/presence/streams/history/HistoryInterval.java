package dev.presence.streams.history;

import dev.presence.schema.Status;
import dev.presence.schema.Visibility;
import org.jspecify.annotations.Nullable;

/** A stretch of time {@code [from, to)} during which a user's status did not change ({@code customStatus} null: none). */
public record HistoryInterval(Status status, @Nullable String customStatus, Visibility visibility, long from, long to) {

    public HistoryPoint point() {
        return new HistoryPoint(status, customStatus, visibility);
    }
}
