package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every enum of the schemas has a default symbol ({@code UNKNOWN}): what a reader makes of a symbol
 * a later version added, so an older engine or client reads newer records instead of failing. It
 * names nothing the engine can act on, so it is never accepted as input, in JSON or Avro alike.
 */
public final class EnumFallback {

    private static final ClassValue<Optional<String>> DEFAULTS = new ClassValue<>() {
        @Override
        protected Optional<String> computeValue(Class<?> type) {
            Schema schema = SpecificData.get().getSchema(type);
            return schema.getType() == Schema.Type.ENUM ? Optional.ofNullable(schema.getEnumDefault()) : Optional.empty();
        }
    };

    private EnumFallback() {
    }

    /** Whether {@code value} is its enum's default symbol (an unknown symbol read from a later writer, or sent as such). */
    public static boolean isFallback(@Nullable Enum<?> value) {
        if (value == null) {
            return false;
        }
        Optional<String> fallback = DEFAULTS.get(value.getDeclaringClass());
        return fallback.isPresent() && fallback.get().equals(value.name());
    }

    /** The symbols input may use: all but the default. */
    public static <E extends Enum<E>> List<E> known(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).filter(value -> !isFallback(value)).toList();
    }
}
