package dev.presence.api.notify;

/** A new notification stream would pass a {@link NotificationLimits} bound: it is refused (429). */
public final class StreamLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StreamLimitException(String message) {
        super(message);
    }
}
