package dev.presence.client;

import dev.presence.core.ErrorCode;

import java.util.Optional;

/**
 * Every failure this library reports: it always carries the engine's error code, so a caller
 * handles a refusal by its code and never has to parse a message.
 */
public abstract class PresenceException extends RuntimeException {

    private final int code;

    protected PresenceException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The engine's numeric error code (70001...). */
    public int code() {
        return code;
    }

    /** The code as a known constant; empty for a code newer than this client. */
    public Optional<ErrorCode> errorCode() {
        return ErrorCode.of(code);
    }
}
