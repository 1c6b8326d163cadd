package dev.presence.api.query;

/** The status store cannot answer right now (starting, rebalancing, or the key lives elsewhere): retry later. */
public final class StatusUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StatusUnavailableException(String message) {
        super(message);
    }

    public StatusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
