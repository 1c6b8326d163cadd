package dev.presence.bench.fuzz;

import dev.presence.core.codec.AvroCodec;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A record's single-object encoding together with where each zig-zag varint of its body sits: string
 * and bytes lengths, array block counts, union branch indexes, enum indexes, int and long values.
 * That is what a length bomb or an out-of-range index replaces.
 */
public final class AvroLayout {

    /** Bytes before the body: {@code c3 01} and the 8-byte schema fingerprint. */
    public static final int HEADER_BYTES = 10;

    /** What a varint of the body stands for. */
    public enum Slot { STRING_LENGTH, BYTES_LENGTH, ARRAY_COUNT, UNION_INDEX, ENUM_INDEX, INT_VALUE, LONG_VALUE }

    /** A varint at {@code offset} (from the start of the whole encoding), {@code length} bytes long. */
    public record Varint(Slot slot, int offset, int length) {
    }

    private final byte[] bytes;
    private final List<Varint> varints;

    private AvroLayout(byte[] bytes, List<Varint> varints) {
        this.bytes = bytes;
        this.varints = varints;
    }

    public static AvroLayout of(SpecificRecord record) {
        byte[] whole = AvroCodec.encode(record);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Integer> starts = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        Encoder direct = EncoderFactory.get().directBinaryEncoder(body, null);
        SpecificDatumWriter<SpecificRecord> writer = new SpecificDatumWriter<>(record.getSchema()) {
            @Override
            protected void writeWithoutConversion(Schema schema, Object datum, Encoder out) throws IOException {
                Slot slot = slotOf(schema.getType());
                if (slot != null) {
                    starts.add(body.size());
                    slots.add(slot);
                }
                super.writeWithoutConversion(schema, datum, out);
            }
        };
        try {
            writer.write(record, direct);
            direct.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] walked = body.toByteArray();
        if (!Arrays.equals(walked, 0, walked.length, whole, HEADER_BYTES, whole.length)) {
            throw new IllegalStateException("the generic walk of " + record.getSchema().getName()
                    + " does not give the bytes the engine's codec writes");
        }
        List<Varint> varints = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int offset = HEADER_BYTES + starts.get(i);
            varints.add(new Varint(slots.get(i), offset, varintLength(whole, offset)));
        }
        return new AvroLayout(whole, List.copyOf(varints));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public List<Varint> varints() {
        return varints;
    }

    /** The encoding with the varint {@code at} replaced by the zig-zag varint of {@code value}. */
    public byte[] withVarint(Varint at, long value) {
        byte[] replacement = zigZagVarint(value);
        byte[] out = new byte[bytes.length - at.length() + replacement.length];
        System.arraycopy(bytes, 0, out, 0, at.offset());
        System.arraycopy(replacement, 0, out, at.offset(), replacement.length);
        System.arraycopy(bytes, at.offset() + at.length(), out, at.offset() + replacement.length,
                bytes.length - at.offset() - at.length());
        return out;
    }

    /** The value the varint {@code at} holds now. */
    public long valueOf(Varint at) {
        long raw = 0;
        for (int i = 0; i < at.length(); i++) {
            raw |= (long) (bytes[at.offset() + i] & 0x7F) << (7 * i);
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static byte[] zigZagVarint(long value) {
        long raw = (value << 1) ^ (value >> 63);
        byte[] out = new byte[10];
        int n = 0;
        while ((raw & ~0x7FL) != 0) {
            out[n++] = (byte) ((raw & 0x7F) | 0x80);
            raw >>>= 7;
        }
        out[n++] = (byte) raw;
        return Arrays.copyOf(out, n);
    }

    private static int varintLength(byte[] bytes, int offset) {
        int n = 1;
        while ((bytes[offset + n - 1] & 0x80) != 0) {
            n++;
        }
        return n;
    }

    private static Slot slotOf(Schema.Type type) {
        return switch (type) {
            case STRING -> Slot.STRING_LENGTH;
            case BYTES -> Slot.BYTES_LENGTH;
            case ARRAY -> Slot.ARRAY_COUNT;
            case UNION -> Slot.UNION_INDEX;
            case ENUM -> Slot.ENUM_INDEX;
            case INT -> Slot.INT_VALUE;
            case LONG -> Slot.LONG_VALUE;
            default -> null;
        };
    }
}
