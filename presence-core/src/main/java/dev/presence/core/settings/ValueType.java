package dev.presence.core.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a setting's text becomes a value and back, with the rule a value must meet. {@link #parse}
 * throws {@link IllegalArgumentException} whose message says what is expected ("a whole number from
 * 1 to 65535"); the setting adds its key and the value.
 */
public final class ValueType<T> {

    private final String expected;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final boolean hidden;

    private ValueType(String expected, Function<String, T> parser, Function<T, String> formatter) {
        this(expected, parser, formatter, false);
    }

    private ValueType(String expected, Function<String, T> parser, Function<T, String> formatter, boolean hidden) {
        this.expected = expected;
        this.parser = parser;
        this.formatter = formatter;
        this.hidden = hidden;
    }

    /** True for secrets: their values never appear in messages or listings. */
    public boolean hidden() {
        return hidden;
    }

    public T parse(String text) {
        return parser.apply(text.trim());
    }

    public String format(T value) {
        return formatter.apply(value);
    }

    /** What a valid value looks like, for messages. */
    public String expected() {
        return expected;
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>("true or false", text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!lower.equals("true") && !lower.equals("false")) {
                throw new IllegalArgumentException("true or false");
            }
            return Boolean.parseBoolean(lower);
        }, String::valueOf);
    }

    public static ValueType<Integer> intBetween(int min, int max) {
        String expected = "a whole number from " + min + " to " + max;
        return new ValueType<>(expected, text -> (int) parseLong(text, min, max, expected), String::valueOf);
    }

    public static ValueType<Long> longBetween(long min, long max) {
        String expected = "a whole number from " + min + " to " + max;
        return new ValueType<>(expected, text -> parseLong(text, min, max, expected), String::valueOf);
    }

    /** Milliseconds, held as a {@link Duration}. */
    public static ValueType<Duration> millis(long min, long max) {
        String expected = "milliseconds from " + min + " to " + max;
        return new ValueType<>(expected, text -> Duration.ofMillis(parseLong(text, min, max, expected)),
                value -> String.valueOf(value.toMillis()));
    }

    public static ValueType<Integer> port() {
        return intBetween(1, 65_535);
    }

    public static ValueType<String> text() {
        return new ValueType<>("some text", text -> {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("some text");
            }
            return text;
        }, value -> value);
    }

    /** A folder; kept as text, since where it is resolved is the reader's business. */
    public static ValueType<String> path() {
        return text();
    }

    /** A secret: at least {@code minLength} characters. Never shown in messages (see {@link Setting#secret()}). */
    public static ValueType<String> secret(int minLength) {
        String expected = "at least " + minLength + " characters: use a long random value";
        return new ValueType<>(expected, text -> {
            if (text.length() < minLength) {
                throw new IllegalArgumentException(expected);
            }
            return text;
        }, value -> value, true);
    }

    public static ValueType<String> oneOf(String... choices) {
        List<String> allowed = Arrays.asList(choices);
        String expected = allowed.size() == 2 ? allowed.get(0) + " or " + allowed.get(1)
                : "one of " + String.join(", ", allowed);
        return new ValueType<>(expected, text -> {
            if (!allowed.contains(text)) {
                throw new IllegalArgumentException(expected);
            }
            return text;
        }, value -> value);
    }

    /** An enum constant, named in any case; shown lower-case. */
    public static <E extends Enum<E>> ValueType<E> enumOf(Class<E> type) {
        String expected = "one of " + String.join(", ", Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
        return new ValueType<>(expected, text -> {
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(expected);
            }
        }, value -> value.name().toLowerCase(Locale.ROOT));
    }

    private static long parseLong(String text, long min, long max, String expected) {
        // ASCII digits only: Long.parseLong also takes other scripts' digits ("١٢" is 12).
        if (!text.matches("[+-]?[0-9]{1,19}")) {
            throw new IllegalArgumentException(expected);
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(expected);
        }
        return value;
    }
}
