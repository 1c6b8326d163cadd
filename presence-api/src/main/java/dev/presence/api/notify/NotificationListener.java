package dev.presence.api.notify;

import dev.presence.schema.Notification;

/**
 * One live reader of a user's notifications (an SSE connection). Called by one writer thread at a
 * time, in order, never by the thread that reads the notifications, so its writes may block.
 */
public interface NotificationListener {

    void deliver(Notification notification);

    /** Nothing arrived for a while: prove the connection alive (and find out when it is not). */
    void keepAlive();

    /** The engine is stopping. */
    void disconnect();

    /** The credential the stream was opened with has expired: say so, then {@link #disconnect()} follows. */
    default void credentialExpired() {
    }
}
