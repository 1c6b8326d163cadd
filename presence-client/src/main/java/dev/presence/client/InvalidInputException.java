package dev.presence.client;

import dev.presence.core.ErrorCode;

/**
 * Input refused by this library before anything was sent, by the rule the engine would refuse it
 * with and under the same code (an id that is empty, too long or not valid UTF-8: 70006).
 */
public final class InvalidInputException extends PresenceException {

    public InvalidInputException(ErrorCode code, String message) {
        super(code.code(), message, null);
    }
}
