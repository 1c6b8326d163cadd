package dev.presence.api.auth;

/**
 * The keys a JWT names cannot be had right now (the JWKS URL does not answer, the file cannot be
 * read): the engine's problem, not the caller's, so the call is answered 503 and may be retried.
 */
public final class KeysUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeysUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
