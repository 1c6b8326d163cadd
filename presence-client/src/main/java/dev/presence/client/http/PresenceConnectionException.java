package dev.presence.client.http;

import dev.presence.core.ErrorCode;
import dev.presence.client.PresenceException;

/**
 * No answer came: the engine could not be reached, or did not answer in time. Reported under the
 * code of a state that cannot answer now (70013 UNAVAILABLE): asking again later may succeed.
 */
public final class PresenceConnectionException extends PresenceException {

    public PresenceConnectionException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE.code(), message, cause);
    }
}
