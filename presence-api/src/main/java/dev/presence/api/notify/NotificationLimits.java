package dev.presence.api.notify;

/**
 * Bounds on what notification streams may take of an instance: streams per user (a browser with
 * many tabs is fine, a loop reconnecting without closing is not), streams in all, and the threads
 * that write to them.
 */
public record NotificationLimits(int maxStreamsPerUser, int maxStreams, int writerThreads) {

    public static final NotificationLimits DEFAULT = new NotificationLimits(8, 10_000, 16);

    public NotificationLimits {
        if (maxStreamsPerUser < 1 || maxStreams < 1 || writerThreads < 1) {
            throw new IllegalArgumentException("notification limits must be positive: " + maxStreamsPerUser + ", "
                    + maxStreams + ", " + writerThreads);
        }
    }
}
