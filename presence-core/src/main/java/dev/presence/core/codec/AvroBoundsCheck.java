package dev.presence.core.codec;

import org.apache.avro.Schema;

import java.util.Optional;

/**
 * Walks the Avro binary body of an untrusted record against its schema without building anything,
 * and finds every length or count that the bytes cannot hold. Avro's decoder allocates what a length
 * announces before reading it, so an 18-byte record that announces 2^31 list items or a 2 GB string
 * would otherwise cost gigabytes: this check runs first and refuses it for the price of one pass over
 * a few dozen bytes.
 * <p>
 * The bound is exact for strings and bytes (the length must fit in what is left) and conservative for
 * arrays and maps: every item of the engine's schemas takes at least one byte, so a count larger than
 * the bytes left is a lie; counts are also capped at {@link #MAX_ITEMS} per record.
 */
public final class AvroBoundsCheck {

    /** At most this many array or map items in one input record, whatever its size. */
    public static final int MAX_ITEMS = 65_536;

    private final byte[] bytes;
    private int position;
    private long items;

    private AvroBoundsCheck(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
    }

    /** What is wrong with the body at {@code offset} of {@code bytes} as a {@code schema} record; empty when it is sound. */
    public static Optional<String> problem(Schema schema, byte[] bytes, int offset) {
        try {
            new AvroBoundsCheck(bytes, offset).walk(schema);
            return Optional.empty();
        } catch (Malformed e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private void walk(Schema schema) throws Malformed {
        switch (schema.getType()) {
            case NULL -> {
            }
            case BOOLEAN -> skip(1, "a boolean");
            case INT, LONG -> readVarLong();
            case FLOAT -> skip(4, "a float");
            case DOUBLE -> skip(8, "a double");
            case FIXED -> skip(schema.getFixedSize(), schema.getName());
            case STRING, BYTES -> {
                long length = readVarLong();
                if (length < 0 || length > remaining()) {
                    throw new Malformed("a " + schema.getType().getName() + " announces " + length
                            + " bytes where " + remaining() + " are left");
                }
                position += (int) length;
            }
            case ENUM -> index(schema.getEnumSymbols().size(), schema.getName());
            case UNION -> walk(schema.getTypes().get(index(schema.getTypes().size(), "a union")));
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    walk(field.schema());
                }
            }
            case ARRAY -> blocks(schema.getElementType(), false);
            case MAP -> blocks(schema.getValueType(), true);
        }
    }

    /** Arrays and maps: blocks of items, each block a count (negative: followed by its size in bytes), 0 ends. */
    private void blocks(Schema itemSchema, boolean keyed) throws Malformed {
        while (true) {
            long count = readVarLong();
            if (count == 0) {
                return;
            }
            if (count < 0) {
                if (count == Long.MIN_VALUE) {
                    throw new Malformed("a block announces an impossible item count");
                }
                count = -count;
                readVarLong();
            }
            items += count;
            if (count > remaining() || items > MAX_ITEMS) {
                throw new Malformed("a list announces " + count + " items where " + remaining()
                        + " bytes are left (at most " + MAX_ITEMS + " items per record)");
            }
            for (long i = 0; i < count; i++) {
                if (keyed) {
                    walk(Schema.create(Schema.Type.STRING));
                }
                walk(itemSchema);
            }
        }
    }

    private int index(int size, String what) throws Malformed {
        long index = readVarLong();
        if (index < 0 || index >= size) {
            throw new Malformed(what + " index " + index + " is not one of its " + size + " choices");
        }
        return (int) index;
    }

    private void skip(int length, String what) throws Malformed {
        if (length > remaining()) {
            throw new Malformed("the record ends inside " + what);
        }
        position += length;
    }

    private int remaining() {
        return bytes.length - position;
    }

    /** A zig-zag varint as Avro writes ints and longs: at most 10 bytes. */
    private long readVarLong() throws Malformed {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= bytes.length) {
                throw new Malformed("the record ends inside a number");
            }
            byte b = bytes[position++];
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new Malformed("a number is longer than 10 bytes");
    }

    /** Thrown inside the walk only; becomes the message of {@link #problem}. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
