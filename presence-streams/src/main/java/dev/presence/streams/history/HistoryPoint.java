package dev.presence.streams.history;

import dev.presence.schema.Status;
import dev.presence.schema.Visibility;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A user's status from one moment on, as the history store holds it: {@code status (1 byte: 'O'
 * ONLINE, 'F' OFFLINE, 'U' UNLOGINED) | visibility (1 byte: 'V' or 'I') | custom status (UTF-8, the
 * rest; none when empty)}. Letters rather than enum ordinals, so that a symbol added to an enum
 * never changes what a stored point means.
 */
public record HistoryPoint(Status status, @Nullable String customStatus, Visibility visibility) {

    public byte[] encode() {
        byte[] custom = customStatus == null ? new byte[0] : customStatus.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[2 + custom.length];
        bytes[0] = switch (status) {
            case ONLINE -> 'O';
            case OFFLINE -> 'F';
            case UNLOGINED, UNKNOWN -> 'U';
        };
        bytes[1] = (byte) (visibility == Visibility.INVISIBLE ? 'I' : 'V');
        System.arraycopy(custom, 0, bytes, 2, custom.length);
        return bytes;
    }

    public static HistoryPoint decode(byte @Nullable [] bytes) {
        if (bytes == null || bytes.length < 2) {
            throw new IllegalArgumentException("a history point has at least 2 bytes, got "
                    + (bytes == null ? "none" : bytes.length));
        }
        Status status = switch (bytes[0]) {
            case 'O' -> Status.ONLINE;
            case 'F' -> Status.OFFLINE;
            case 'U' -> Status.UNLOGINED;
            default -> throw new IllegalArgumentException("unknown status byte " + bytes[0]);
        };
        Visibility visibility = switch (bytes[1]) {
            case 'V' -> Visibility.VISIBLE;
            case 'I' -> Visibility.INVISIBLE;
            default -> throw new IllegalArgumentException("unknown visibility byte " + bytes[1]);
        };
        String custom = bytes.length == 2 ? null
                : new String(Arrays.copyOfRange(bytes, 2, bytes.length), StandardCharsets.UTF_8);
        return new HistoryPoint(status, custom, visibility);
    }

    /** Before its first event a user is UNLOGINED. */
    public static final HistoryPoint NEVER_SEEN = new HistoryPoint(Status.UNLOGINED, null, Visibility.VISIBLE);

    /** The point as others see it: a hidden user is OFFLINE without custom status. */
    public HistoryPoint seenByOthers() {
        return visibility == Visibility.INVISIBLE ? new HistoryPoint(Status.OFFLINE, null, Visibility.VISIBLE) : this;
    }
}
