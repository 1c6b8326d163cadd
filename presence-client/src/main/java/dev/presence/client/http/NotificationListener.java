package dev.presence.client.http;

import dev.presence.client.PresenceException;
import dev.presence.schema.Notification;

/** Receives a {@link NotificationStream}'s notifications, on the stream's own thread, one at a time. */
public interface NotificationListener {

    /** A notification with at least one change not seen before (changes already seen are taken out). */
    void onNotification(Notification notification);

    /** The stream is open (again): what happened while it was not is not replayed, so query the status now. */
    default void onConnected() {
    }

    /**
     * An attempt failed (no answer, a 429 or 503 refusal, the connection dropped, a notification that
     * could not be read, or an exception thrown by this listener); the stream tries again after a backoff.
     */
    default void onError(Exception error) {
    }

    /** The engine refused the stream for good (400, 401, 403, 404): nothing more comes. */
    default void onStopped(PresenceException reason) {
    }
}
