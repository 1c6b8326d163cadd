package dev.presence.core.codec;

import org.jspecify.annotations.Nullable;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro single-object encoding ({@code c3 01} + 8-byte schema fingerprint + binary body) for the
 * generated classes: readable without a schema registry, and told apart from JSON by its first byte.
 * <p>
 * Every event and every user status goes through here at least once (the status store's get and put
 * on each heartbeat), so the common case is kept short: the generated classes' own coders
 * ({@code customEncode}/{@code customDecode}, off by default in Avro) over a buffered encoder and an
 * array decoder reused per thread. Bytes are exactly those of Avro's {@code BinaryMessageEncoder};
 * anything but the class's own header (another fingerprint, a broken header) is read by Avro's
 * {@code BinaryMessageDecoder} as before, with its exceptions.
 */
public final class AvroCodec {

    /** The first two bytes of every single-object encoded record. */
    public static final byte MAGIC_0 = (byte) 0xC3;
    public static final byte MAGIC_1 = (byte) 0x01;

    private static final int HEADER_BYTES = 10;
    /** The package of the generated record classes (the schemas module). */
    private static final String SCHEMA_PACKAGE = dev.presence.schema.UserStatus.class.getPackageName();

    /** Custom coders on: the generated code writes and reads the fields directly, without the generic walk. */
    private static final SpecificData CODERS = customCoders();

    private static final Map<Class<?>, Format<?>> FORMATS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, BinaryMessageDecoder<?>> DECODERS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    static {
        trustSchemaPackage();
    }

    private AvroCodec() {
    }

    public static boolean looksLikeAvro(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER_BYTES && bytes[0] == MAGIC_0 && bytes[1] == MAGIC_1;
    }

    @SuppressWarnings("unchecked")
    public static byte[] encode(SpecificRecord record) {
        Format<SpecificRecord> format = (Format<SpecificRecord>) format(record.getClass(), record.getSchema());
        Buffers buffers = BUFFERS.get();
        buffers.out.reset();
        buffers.out.write(format.header, 0, HEADER_BYTES);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffers.out, buffers.encoder);
        // A write that fails (a required field left null) leaves its first bytes in the encoder's buffer, and
        // reusing the encoder would flush them into the next record after its header: only an encoder whose
        // write finished is kept for the next one.
        buffers.encoder = null;
        try {
            format.writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record.getSchema().getFullName(), e);
        }
        buffers.encoder = encoder;
        return buffers.out.toByteArray();
    }

    /**
     * Decodes single-object bytes into the generated class {@code type}.
     *
     * @throws IOException when the bytes are not a valid encoding of a known schema
     *     ({@link org.apache.avro.message.MissingSchemaException} for an unknown fingerprint)
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) throws IOException {
        Format<T> format = (Format<T>) format(type, null);
        if (bytes.length >= HEADER_BYTES && Arrays.equals(bytes, 0, HEADER_BYTES, format.header, 0, HEADER_BYTES)) {
            Buffers buffers = BUFFERS.get();
            buffers.decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES,
                    buffers.decoder);
            return format.reader.read(null, buffers.decoder);
        }
        BinaryMessageDecoder<T> decoder = (BinaryMessageDecoder<T>) DECODERS.computeIfAbsent(type,
                t -> resolvingDecoder(format.schema));
        return decoder.decode(bytes);
    }

    /**
     * As {@link #decode}, for bytes from outside the engine: every length and count in the body is first
     * checked against the bytes that hold it ({@link AvroBoundsCheck}), so a few hostile bytes cannot make
     * Avro allocate gigabytes.
     *
     * @throws IOException as {@link #decode} does, and when a length or count cannot be true
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T decodeUntrusted(byte[] bytes, Class<T> type) throws IOException {
        Format<T> format = (Format<T>) format(type, null);
        Schema writer = null;
        if (bytes.length >= HEADER_BYTES && Arrays.equals(bytes, 0, HEADER_BYTES, format.header, 0, HEADER_BYTES)) {
            writer = format.schema;
        } else if (looksLikeAvro(bytes)) {
            writer = format.released.get(fingerprintOf(bytes));
        }
        if (writer != null) {
            Optional<String> problem = AvroBoundsCheck.problem(writer, bytes, HEADER_BYTES);
            if (problem.isPresent()) {
                throw new IOException(problem.get());
            }
        }
        return decode(bytes, type);
    }

    /**
     * Avro's decoder for every header but today's: it knows the schemas of earlier releases too, so a
     * record written before a schema changed (in a topic, a changelog, a state store) resolves to
     * today's class: fields added since take their defaults.
     */
    private static <T> BinaryMessageDecoder<T> resolvingDecoder(Schema current) {
        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(SpecificData.get(), current);
        for (Schema released : ReleasedSchemas.of(current.getFullName())) {
            decoder.addSchema(released);
        }
        return decoder;
    }

    private static long fingerprintOf(byte[] bytes) {
        long fingerprint = 0;
        for (int i = 7; i >= 0; i--) {
            fingerprint = (fingerprint << 8) | (bytes[2 + i] & 0xFFL);
        }
        return fingerprint;
    }

    private static Format<?> format(Class<?> type, @Nullable Schema known) {
        Format<?> format = FORMATS.get(type);
        if (format == null) {
            Schema schema = known != null ? known : SpecificData.get().getSchema(type);
            format = FORMATS.computeIfAbsent(type, t -> new Format<>(schema));
        }
        return format;
    }

    private static SpecificData customCoders() {
        SpecificData data = new SpecificData(AvroCodec.class.getClassLoader());
        data.setCustomCoders(true);
        data.setFastReaderEnabled(false);
        return data;
    }

    /** The header, writer and reader of one generated class. */
    private static final class Format<T> {
        final byte[] header = new byte[HEADER_BYTES];
        final Schema schema;
        final SpecificDatumWriter<T> writer;
        final SpecificDatumReader<T> reader;
        /** The schemas earlier releases wrote for this record, by fingerprint. */
        final Map<Long, Schema> released = new HashMap<>();

        Format(Schema schema) {
            this.schema = schema;
            for (Schema earlier : ReleasedSchemas.of(schema.getFullName())) {
                released.put(ReleasedSchemas.fingerprint(earlier), earlier);
            }
            // As BinaryMessageEncoder writes it: magic, then the schema's 64-bit parsing fingerprint, little-endian.
            long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
            header[0] = MAGIC_0;
            header[1] = MAGIC_1;
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) (fingerprint >>> (8 * i));
            }
            this.writer = new SpecificDatumWriter<>(schema, CODERS);
            this.reader = new SpecificDatumReader<>(schema, schema, CODERS);
        }
    }

    /** Per thread: the output buffer and the encoder and decoder Avro lets us reuse. */
    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        @Nullable BinaryEncoder encoder;
        @Nullable BinaryDecoder decoder;
    }

    /**
     * Avro 1.12 decodes generated classes only from trusted packages. No application using these codecs
     * should have to know that: the schema package is added to whatever it already trusts, once, when
     * this class loads.
     */
    private static void trustSchemaPackage() {
        ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(before,
                type -> SCHEMA_PACKAGE.equals(type.getPackageName())));
    }
}
