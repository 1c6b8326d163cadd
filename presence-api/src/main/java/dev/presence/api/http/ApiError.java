package dev.presence.api.http;

import dev.presence.core.ErrorCode;

/** A refusal to answer, with the engine's error code; written as {@code {"code":N,"message":"..."}}. */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final boolean invalidToken;

    public ApiError(ErrorCode code, String message) {
        this(code, message, false);
    }

    private ApiError(ErrorCode code, String message, boolean invalidToken) {
        super(message);
        this.code = code;
        this.invalidToken = invalidToken;
    }

    /**
     * A 401 for a token that was sent but proves nothing (malformed, forged, expired...): its
     * challenge says {@code error="invalid_token"} (RFC 6750), so a client knows to get a new one.
     */
    public static ApiError invalidToken(String message) {
        return new ApiError(ErrorCode.UNAUTHENTICATED, message, true);
    }

    public ErrorCode code() {
        return code;
    }

    /** Whether this refuses a token that was presented (rather than a missing credential). */
    public boolean isInvalidToken() {
        return invalidToken;
    }
}
