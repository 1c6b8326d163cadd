package dev.presence.client.http;

import dev.presence.client.PresenceException;

import java.time.Duration;
import java.util.Optional;

/**
 * The engine answered with an error: its code and message (the body {@code {"code":N,"message":"..."}}),
 * the HTTP status, and how long to wait before asking again when it said (429, 503).
 */
public final class PresenceApiException extends PresenceException {

    private final int httpStatus;
    private final Duration retryAfter;

    public PresenceApiException(int code, String message, int httpStatus, Duration retryAfter) {
        super(code, message, null);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String toString() {
        return "PresenceApiException{code=" + code() + ", httpStatus=" + httpStatus + ", message=" + getMessage()
                + (retryAfter == null ? "" : ", retryAfter=" + retryAfter) + "}";
    }
}
