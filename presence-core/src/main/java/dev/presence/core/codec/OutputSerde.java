package dev.presence.core.codec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * Serde for the engine's records in a chosen {@link WireFormat}. Reading accepts both formats,
 * told apart by the first byte, so a consumer keeps working when the operator switches the format.
 */
public final class OutputSerde {

    private OutputSerde() {
    }

    public static <T extends SpecificRecord> Serde<T> of(Class<T> type, WireFormat format) {
        return Serdes.serdeFrom(serializer(format), deserializer(type));
    }

    public static <T extends SpecificRecord> Serializer<T> serializer(WireFormat format) {
        return (topic, record) -> {
            if (record == null) {
                return null;
            }
            return format == WireFormat.AVRO ? AvroCodec.encode(record) : AvroJson.toBytes(record);
        };
    }

    public static <T extends SpecificRecord> Deserializer<T> deserializer(Class<T> type) {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return AvroCodec.looksLikeAvro(bytes) ? AvroCodec.decode(bytes, type) : AvroJson.fromBytes(bytes, type);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic, e);
            }
        };
    }
}
