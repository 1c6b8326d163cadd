package dev.presence.streams.history;

import dev.presence.schema.Status;
import dev.presence.schema.Visibility;

/** A stretch of time {@code [from, to)} during which a user's status did not change. */
public record HistoryInterval(Status status, String customStatus, Visibility visibility, long from, long to) {

    public HistoryPoint point() {
        return new HistoryPoint(status, customStatus, visibility);
    }
}
