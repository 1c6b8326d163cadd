package dev.presence.streams.history;

import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The key of one point of a user's status history: {@code userId (UTF-8) | 0x00 | at (8 bytes,
 * big-endian)}. Ids hold no control characters, so one user's points are one contiguous range, and
 * big-endian non-negative times sort them oldest first under the stores' unsigned byte order.
 */
public final class HistoryKey {

    private static final byte SEPARATOR = 0;

    private HistoryKey() {
    }

    public static Bytes of(String userId, long at) {
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(user.length + 1 + Long.BYTES).put(user).put(SEPARATOR).putLong(at).array());
    }

    /** The first key of the user's range (its point at time 0). */
    public static Bytes first(String userId) {
        return of(userId, 0L);
    }

    /** The last key the user's range can hold. */
    public static Bytes last(String userId) {
        return of(userId, Long.MAX_VALUE);
    }

    /** The time of a key built by {@link #of}. */
    public static long at(Bytes key) {
        byte[] bytes = key.get();
        return ByteBuffer.wrap(bytes, bytes.length - Long.BYTES, Long.BYTES).getLong();
    }
}
