package dev.presence.api.config;

/** A configuration mistake: the message names the key, where it was set, and what to do. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
