package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Typed reads of JSON fields with messages that name the field; shared by every input reader. */
public final class JsonFields {

    /** userId, clientId, sessionId, eventId, targets...: 1 to 128 UTF-8 bytes, no control characters. */
    public static final int MAX_ID_BYTES = 128;

    private JsonFields() {
    }

    /** The field's text, empty when absent or null. @throws IllegalArgumentException when not a string */
    public static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return Optional.of(value.textValue());
    }

    /** A count such as ttlSeconds, empty when absent or null. @throws IllegalArgumentException when not a whole number */
    public static Optional<Long> wholeNumber(JsonNode node, String field) {
        return number(node, field, "a whole number");
    }

    /**
     * A time in epoch milliseconds, empty when absent or null, and within the times the engine accepts
     * ({@link EventTime}). @throws IllegalArgumentException otherwise
     */
    public static Optional<Long> epochMillis(JsonNode node, String field) {
        Optional<Long> value = number(node, field, "epoch milliseconds (a whole number)");
        EventTime.problem(field, value.orElse(null)).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return value;
    }

    private static Optional<Long> number(JsonNode node, String field, String form) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be " + form);
        }
        return Optional.of(value.longValue());
    }

    /**
     * The enum constant named by a text node, empty when the node is not one; the schema's default
     * symbol ({@link EnumFallback}) is not one either: it stands for symbols this version does not know.
     */
    public static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, @Nullable JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        try {
            E value = Enum.valueOf(type, node.textValue());
            return EnumFallback.isFallback(value) ? Optional.empty() : Optional.of(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * What is wrong with {@code value} as an id, empty when it is a valid one: 1 to 128 UTF-8 bytes,
     * no control characters, no unpaired surrogate (JSON can spell one, {@code "\ud800"}, but UTF-8
     * cannot: such an id would come back from the log as another id, '?').
     */
    public static Optional<String> idProblem(String field, @Nullable String value) {
        if (value == null) {
            return Optional.of(field + " is missing");
        }
        if (value.isEmpty()) {
            return Optional.of(field + " is empty");
        }
        int bytes = utf8Length(value);
        if (bytes > MAX_ID_BYTES) {
            return Optional.of(field + " is " + bytes + " UTF-8 bytes, at most " + MAX_ID_BYTES + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(field + " contains a control character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(field + " contains an unpaired surrogate (at char " + i + "), which UTF-8 cannot carry");
            }
        }
        return Optional.empty();
    }

    /**
     * The UTF-8 length of {@code value} without encoding it: ids are checked on every event, and
     * heartbeats carry three of them. An unpaired surrogate counts as the one byte ('?') UTF-8
     * encoding gives it.
     */
    public static int utf8Length(CharSequence value) {
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** True when the first non-blank byte opens a JSON value: tells broken JSON from garbage. */
    public static boolean startsLikeJson(byte[] value) {
        for (byte b : value) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{' || b == '[' || b == '"';
        }
        return false;
    }

    /** The key as text for a message, shortened. */
    public static String printable(byte[] key) {
        int length = Math.min(key.length, 4 * 64);
        return shortened(new String(key, 0, length, StandardCharsets.UTF_8));
    }

    /** A JSON value from input for a message, shortened: a hostile record may hold a megabyte there. */
    public static String printable(JsonNode node) {
        return node.isContainerNode() ? "a JSON " + (node.isArray() ? "array" : "object") : shortened(node.toString());
    }

    private static String shortened(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
