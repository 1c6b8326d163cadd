package dev.presence.streams.ingest;

import dev.presence.schema.RejectedRecord;
import dev.presence.streams.ErrorCode;
import dev.presence.streams.PresenceNames;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/** Builds the {@code presence.rejected} record for the input record being processed. */
public final class Rejections {

    private static final Logger log = LoggerFactory.getLogger(Rejections.class);

    private Rejections() {
    }

    public static RejectedRecord of(ProcessorContext<?, ?> context, ErrorCode code, String reason,
                                    byte[] key, byte[] value) {
        RecordMetadata origin = context.recordMetadata().orElse(null);
        return RejectedRecord.newBuilder()
                .setErrorCode(code.code())
                .setReason(reason)
                .setSourceTopic(origin != null ? origin.topic() : "")
                .setSourcePartition(origin != null ? origin.partition() : -1)
                .setSourceOffset(origin != null ? origin.offset() : -1L)
                .setKey(key != null ? ByteBuffer.wrap(key) : null)
                .setValue(value != null ? ByteBuffer.wrap(value) : null)
                .setRejectedAt(context.currentSystemTimeMs())
                .build();
    }

    /**
     * Sends the record being processed to {@code presence.rejected}: {@code cause} carries its
     * timestamp and headers, {@code key} and {@code value} its original bytes.
     */
    public static void reject(ProcessorContext<Object, Object> context, Record<?, ?> cause, ErrorCode code,
                              String reason, byte[] key, byte[] value) {
        log.debug("Rejected {}: {} {}", origin(context), code, reason);
        context.forward(cause.withKey((Object) key).withValue((Object) of(context, code, reason, key, value)),
                PresenceNames.Nodes.REJECTED_SINK);
    }

    /** As {@link #reject}, for a record a later node refuses after it was decoded. */
    public static void reject(ProcessorContext<Object, Object> context, Record<?, ? extends Decoded<?>> cause,
                              ErrorCode code, String reason) {
        reject(context, cause, code, reason, cause.value().rawKey(), cause.value().rawValue());
    }

    /** "topic-partition@offset" of the record being processed, for log lines. */
    public static String origin(ProcessorContext<?, ?> context) {
        return context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("(punctuation)");
    }
}
