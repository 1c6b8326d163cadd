package dev.presence.streams.ingest;

import dev.presence.schema.RejectedRecord;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames;
import dev.presence.streams.verdict.Verdicts;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Builds the {@code presence.rejected} record for the input record being processed.
 * <p>
 * A rejection must always fit in a Kafka record, however large the refused one was (a 900 KB key is
 * a valid Kafka key): it keeps the first {@link #KEY_EXCERPT_BYTES} of the key and
 * {@link #VALUE_EXCERPT_BYTES} of the value, their whole sizes and SHA-256 digests, and a reason of
 * at most {@link #REASON_CHARS} characters. Its Kafka key is the key's excerpt.
 */
public final class Rejections {

    public static final int KEY_EXCERPT_BYTES = 1024;
    public static final int VALUE_EXCERPT_BYTES = 8 * 1024;
    public static final int REASON_CHARS = 1000;

    private static final Logger log = LoggerFactory.getLogger(Rejections.class);

    private Rejections() {
    }

    /**
     * The rejection of the record at {@code topic}-{@code partition}@{@code offset}, with its original bytes
     * (a Kafka record's key and value may be absent: null).
     */
    public static RejectedRecord of(ErrorCode code, String reason, String topic, int partition, long offset,
                                    byte @Nullable [] key, byte @Nullable [] value, long rejectedAt) {
        return RejectedRecord.newBuilder()
                .setErrorCode(code.code())
                .setReason(reason.length() > REASON_CHARS ? reason.substring(0, REASON_CHARS) + "..." : reason)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(excerpt(key, KEY_EXCERPT_BYTES))
                .setValue(excerpt(value, VALUE_EXCERPT_BYTES))
                .setKeySize(key != null ? key.length : null)
                .setValueSize(value != null ? value.length : null)
                .setKeySha256(sha256(key))
                .setValueSha256(sha256(value))
                .setRejectedAt(rejectedAt)
                .build();
    }

    public static RejectedRecord of(ProcessorContext<?, ?> context, ErrorCode code, String reason,
                                    byte @Nullable [] key, byte @Nullable [] value) {
        RecordMetadata origin = context.recordMetadata().orElse(null);
        return of(code, reason, origin != null ? origin.topic() : "", origin != null ? origin.partition() : -1,
                origin != null ? origin.offset() : -1L, key, value, context.currentSystemTimeMs());
    }

    /** The Kafka key of a rejection: the original key, or its first bytes. */
    public static byte @Nullable [] keyOf(byte @Nullable [] key) {
        return key == null || key.length <= KEY_EXCERPT_BYTES ? key : Arrays.copyOf(key, KEY_EXCERPT_BYTES);
    }

    /**
     * Sends the record being processed to {@code presence.rejected}: {@code cause} carries its
     * timestamp and headers, {@code key} and {@code value} its original bytes. A record tagged with a
     * request id also gets its verdict (refused, with the same code).
     */
    public static void reject(ProcessorContext<Object, Object> context, Record<?, ?> cause, ErrorCode code,
                              String reason, byte @Nullable [] key, byte @Nullable [] value) {
        log.debug("Rejected {}: {} {}", origin(context), code, reason);
        context.forward(cause.withKey((Object) keyOf(key)).withValue((Object) of(context, code, reason, key, value)),
                PresenceNames.Nodes.REJECTED_SINK);
        Verdicts.refused(context, cause, code, reason);
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

    /** Null for an absent key or value: the rejected record's field is optional. */
    private static @Nullable ByteBuffer excerpt(byte @Nullable [] bytes, int limit) {
        if (bytes == null) {
            return null;
        }
        return ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, limit)).slice();
    }

    private static @Nullable ByteBuffer sha256(byte @Nullable [] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
