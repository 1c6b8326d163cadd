package dev.presence.client.codec;

import dev.presence.client.WireFormat;
import dev.presence.schema.Notification;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusChange;
import dev.presence.schema.UserStatus;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * Serdes of the engine's records. Deserializing reads both formats, told apart per record by the
 * first bytes (Avro single-object starts {@code c3 01}, which JSON never does), so a consumer keeps
 * working when the engine's {@code presence.output.format} changes. A record that is neither is a
 * {@link SerializationException} (Kafka's own type for it); a null value (a tombstone) reads as null.
 */
public final class PresenceSerdes {

    private PresenceSerdes() {
    }

    public static Serde<UserStatus> userStatus() {
        return of(UserStatus.class, WireFormat.AVRO);
    }

    public static Serde<StatusChange> statusChange() {
        return of(StatusChange.class, WireFormat.AVRO);
    }

    public static Serde<Notification> notification() {
        return of(Notification.class, WireFormat.AVRO);
    }

    public static Serde<RejectedRecord> rejectedRecord() {
        return of(RejectedRecord.class, WireFormat.AVRO);
    }

    /** Reads either format; writes {@code written}. */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> type, WireFormat written) {
        return Serdes.serdeFrom(serializer(written), deserializer(type));
    }

    public static <T extends SpecificRecord> Deserializer<T> deserializer(Class<T> type) {
        return (topic, bytes) -> bytes == null ? null : read(bytes, type, topic);
    }

    public static <T extends SpecificRecord> Serializer<T> serializer(WireFormat format) {
        return (topic, record) -> record == null ? null : write(record, format);
    }

    public static byte[] write(SpecificRecord record, WireFormat format) {
        return format == WireFormat.AVRO ? AvroSingleObject.encode(record) : JsonForm.toBytes(record);
    }

    /** @throws SerializationException when the bytes are neither format's {@code type} */
    public static <T extends SpecificRecord> T read(byte[] bytes, Class<T> type, String topic) {
        String what = type.getSimpleName() + (topic == null ? "" : " from " + topic);
        if (AvroSingleObject.isAvro(bytes)) {
            try {
                return AvroSingleObject.decode(bytes, type);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read Avro " + what + ": " + e.getMessage(), e);
            }
        }
        try {
            return JsonForm.fromBytes(bytes, type);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + what + " as Avro single-object encoding or JSON: "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
