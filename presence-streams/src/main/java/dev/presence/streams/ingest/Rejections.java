package dev.presence.streams.ingest;

import dev.presence.schema.RejectedRecord;
import dev.presence.streams.ErrorCode;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.ByteBuffer;

/** Builds the {@code presence.rejected} record for the input record being processed. */
public final class Rejections {

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

    /** "topic-partition@offset" of the record being processed, for log lines. */
    public static String origin(ProcessorContext<?, ?> context) {
        return context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("(punctuation)");
    }
}
