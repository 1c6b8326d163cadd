package dev.presence.streams.codec;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro single-object encoding ({@code c3 01} + 8-byte schema fingerprint + binary body) for the
 * generated classes: readable without a schema registry, and told apart from JSON by its first byte.
 */
public final class AvroCodec {

    /** The first two bytes of every single-object encoded record. */
    public static final byte MAGIC_0 = (byte) 0xC3;
    public static final byte MAGIC_1 = (byte) 0x01;

    private static final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> ENCODERS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, BinaryMessageDecoder<?>> DECODERS = new ConcurrentHashMap<>();

    private AvroCodec() {
    }

    public static boolean looksLikeAvro(byte[] bytes) {
        return bytes != null && bytes.length >= 10 && bytes[0] == MAGIC_0 && bytes[1] == MAGIC_1;
    }

    public static byte[] encode(SpecificRecord record) {
        BinaryMessageEncoder<SpecificRecord> encoder = ENCODERS.computeIfAbsent(record.getClass(),
                type -> new BinaryMessageEncoder<>(SpecificData.get(), record.getSchema()));
        try {
            return toArray(encoder.encode(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record.getSchema().getFullName(), e);
        }
    }

    /**
     * Decodes single-object bytes into the generated class {@code type}.
     *
     * @throws IOException when the bytes are not a valid encoding of a known schema
     *     ({@link org.apache.avro.message.MissingSchemaException} for an unknown fingerprint)
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) throws IOException {
        BinaryMessageDecoder<T> decoder = (BinaryMessageDecoder<T>) DECODERS.computeIfAbsent(type,
                t -> new BinaryMessageDecoder<>(SpecificData.get(), SpecificData.get().getSchema(t)));
        return decoder.decode(bytes);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
