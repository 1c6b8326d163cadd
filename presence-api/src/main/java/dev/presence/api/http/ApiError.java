package dev.presence.api.http;

import dev.presence.streams.ErrorCode;

/** A refusal to answer, with the engine's error code; written as {@code {"code":N,"message":"..."}}. */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ApiError(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
