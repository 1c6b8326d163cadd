package dev.presence.client.codec;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro single-object encoding of the generated classes: {@code c3 01}, the schema's 8-byte parsing
 * fingerprint (little-endian), then the binary body. Needs no schema registry, and its first byte
 * (0xC3) can never start JSON, so a reader tells the two formats apart per record.
 */
public final class AvroSingleObject {

    public static final byte MAGIC_0 = (byte) 0xC3;
    public static final byte MAGIC_1 = (byte) 0x01;
    /** Magic and fingerprint. */
    public static final int HEADER_BYTES = 10;

    private static final String SCHEMA_PACKAGE = "dev.presence.schema";
    private static final Map<Class<?>, BinaryMessageEncoder<?>> ENCODERS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, BinaryMessageDecoder<?>> DECODERS = new ConcurrentHashMap<>();
    private static volatile boolean trusted;

    private AvroSingleObject() {
    }

    /** True when {@code bytes} start with the single-object header (and are long enough to hold one). */
    public static boolean isAvro(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER_BYTES && bytes[0] == MAGIC_0 && bytes[1] == MAGIC_1;
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> byte[] encode(T record) {
        BinaryMessageEncoder<T> encoder = (BinaryMessageEncoder<T>) ENCODERS.computeIfAbsent(record.getClass(),
                type -> new BinaryMessageEncoder<>(SpecificData.get(), record.getSchema()));
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + record.getSchema().getFullName(), e);
        }
    }

    /**
     * @throws IOException when the bytes are not this class's encoding ({@code MissingSchemaException}
     *     for a fingerprint of another schema)
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) throws IOException {
        trustSchemaPackage();
        BinaryMessageDecoder<T> decoder = (BinaryMessageDecoder<T>) DECODERS.computeIfAbsent(type, t -> {
            Schema schema = SpecificData.get().getSchema(t);
            return new BinaryMessageDecoder<>(SpecificData.get(), schema);
        });
        return decoder.decode(bytes);
    }

    /**
     * Avro 1.12 decodes generated classes only from trusted packages. The application should not have
     * to know that: the schema package is added to whatever it already trusts, once.
     */
    private static void trustSchemaPackage() {
        if (trusted) {
            return;
        }
        synchronized (AvroSingleObject.class) {
            if (!trusted) {
                ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(before,
                        type -> SCHEMA_PACKAGE.equals(type.getPackageName())));
                trusted = true;
            }
        }
    }
}
