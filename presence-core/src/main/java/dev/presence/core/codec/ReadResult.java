package dev.presence.core.codec;

import dev.presence.core.ErrorCode;

/** What reading one input record gave: a valid value, or the reason it was refused. */
public sealed interface ReadResult<T> {

    record Accepted<T>(T value) implements ReadResult<T> {
    }

    record Refused<T>(ErrorCode code, String reason) implements ReadResult<T> {
    }

    static <T> ReadResult<T> refused(ErrorCode code, String reason) {
        return new Refused<>(code, reason);
    }
}
