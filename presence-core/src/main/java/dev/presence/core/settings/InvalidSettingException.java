package dev.presence.core.settings;

/**
 * A setting's value that is not valid. Carries the key, the value (hidden for secrets) and what was
 * expected as data, so the engine's configuration can say where the value was set without parsing
 * this exception's message.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String key;
    private final String shownValue;
    private final String expected;

    public InvalidSettingException(String key, String shownValue, String expected) {
        super(key + "='" + shownValue + "' is not valid: expected " + expected);
        this.key = key;
        this.shownValue = shownValue;
        this.expected = expected;
    }

    public String key() {
        return key;
    }

    /** The value as it may be shown: a secret's is masked. */
    public String shownValue() {
        return shownValue;
    }

    public String expected() {
        return expected;
    }
}
