package dev.presence.core.settings;

import org.jspecify.annotations.Nullable;
import java.util.Locale;
import java.util.Optional;

/**
 * One setting, declared once in {@link SettingsCatalogue}: its key, type and rule, default, whether it
 * can change while the engine runs (and under which name in {@code presence.config}), who reads it and
 * its documentation. Parsing, environment variable names, the admin listing, live overrides and the
 * README's table all come from here.
 */
public final class Setting<T> {

    /** Who reads the setting; it decides the environment variable's prefix and whether Kafka gets it. */
    public enum Owner {
        /** A rule or limit of the topology ({@code presence.*}). */
        PRESENCE,
        /** The engine process: HTTP, auth, the embedded broker, topics, queries. */
        ENGINE,
        /** A Kafka Streams key the engine gives a default or reads too; passed to Kafka Streams. */
        KAFKA
    }

    private final Owner owner;
    private final String key;
    private final ValueType<T> type;
    private final @Nullable String defaultText;
    private final @Nullable String defaultDescription;
    private final @Nullable String liveName;
    private final String doc;

    private Setting(Owner owner, String key, ValueType<T> type, @Nullable String defaultText,
                    @Nullable String defaultDescription, @Nullable String liveName, String doc) {
        this.owner = owner;
        this.key = key;
        this.type = type;
        this.defaultText = defaultText;
        this.defaultDescription = defaultDescription;
        this.liveName = liveName;
        this.doc = doc;
    }

    static <T> Setting<T> define(Owner owner, String key, ValueType<T> type) {
        return new Setting<>(owner, key, type, null, null, null, "");
    }

    Setting<T> defaultValue(String text) {
        type.parse(text);  // a default that its own rule refuses is a bug: fail at class load
        return new Setting<>(owner, key, type, text, null, liveName, doc);
    }

    /** No default; the README shows "(none)". */
    Setting<T> noDefault() {
        return this;
    }

    /** No default value, and what happens when it is not set, for the README (e.g. "min(3, brokers)"). */
    Setting<T> defaultDescribedAs(String description) {
        return new Setting<>(owner, key, type, defaultText, description, liveName, doc);
    }

    /** Can be changed while running, under {@code name} in {@code presence.config} and the admin calls. */
    Setting<T> live(String name) {
        return new Setting<>(owner, key, type, defaultText, defaultDescription, name, doc);
    }

    Setting<T> doc(String documentation) {
        return new Setting<>(owner, key, type, defaultText, defaultDescription, liveName, documentation);
    }

    public String key() {
        return key;
    }

    public Owner owner() {
        return owner;
    }

    public String doc() {
        return doc;
    }

    /** The name in {@code presence.config} and {@code /v1/admin/settings}, if it can change while running. */
    public Optional<String> liveName() {
        return Optional.ofNullable(liveName);
    }

    public boolean isLive() {
        return liveName != null;
    }

    /** Secrets never appear in messages or listings. */
    public boolean secret() {
        return type.hidden();
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultText).map(type::parse);
    }

    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    /** The default as the README shows it: the value in backticks, a description, or "(none)". */
    public String defaultForDocs() {
        if (defaultDescription != null) {
            return defaultDescription;
        }
        return defaultText != null ? "`" + defaultText + "`" : "(none)";
    }

    /** @throws InvalidSettingException naming this key when {@code text} is not a valid value */
    public T parse(String text) {
        if (text == null) {
            throw new InvalidSettingException(key, "null", type.expected());
        }
        try {
            return type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, secret() ? "***" : shortened(text), type.expected());
        }
    }

    public String format(T value) {
        return type.format(value);
    }

    /** The environment variable that sets it: {@code PRESENCE_} for the engine's keys, {@code KAFKA_} for Kafka's. */
    public String environmentVariable() {
        String name = owner == Owner.PRESENCE ? key.substring("presence.".length()) : key;
        String prefix = owner == Owner.KAFKA ? "KAFKA_" : "PRESENCE_";
        return prefix + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The row of the README's configuration table. */
    public String readmeRow() {
        return "| `" + key + "` | " + defaultForDocs() + " | `" + environmentVariable() + "` | " + doc + " |";
    }

    @Override
    public String toString() {
        return key;
    }

    private static String shortened(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
