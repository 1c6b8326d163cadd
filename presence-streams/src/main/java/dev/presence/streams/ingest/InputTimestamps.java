package dev.presence.streams.ingest;

import dev.presence.core.codec.EventTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.TimestampExtractor;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The timestamp Kafka Streams gives each input record. Kafka Streams' default stops the engine on a
 * negative timestamp, which any producer but Java's can write, and an absurd one (year 200,000)
 * would be taken as is. Such a record gets its partition's time instead (so it does not disturb the
 * order of the others), and a header that keeps what it carried, so the decoder refuses it with a
 * code: a record's timestamp is the time the rules use, and an invalid one cannot be applied.
 */
public final class InputTimestamps implements TimestampExtractor {

    /** Header carrying the invalid timestamp a record arrived with (8 bytes, big-endian). */
    public static final String INVALID_TIMESTAMP_HEADER = "presence-invalid-timestamp";

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long timestamp = record.timestamp();
        if (EventTime.valid(timestamp)) {
            if (record.headers().lastHeader(INVALID_TIMESTAMP_HEADER) != null) {
                record.headers().remove(INVALID_TIMESTAMP_HEADER);  // only this extractor says so
            }
            return timestamp;
        }
        record.headers().add(INVALID_TIMESTAMP_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(timestamp).array());
        return Math.max(partitionTime, 0);
    }

    /** The invalid timestamp the record arrived with, if {@link #extract} replaced it. */
    public static Optional<Long> invalidTimestamp(Headers headers) {
        Header header = headers.lastHeader(INVALID_TIMESTAMP_HEADER);
        if (header == null || header.value() == null || header.value().length != Long.BYTES) {
            return Optional.empty();
        }
        return Optional.of(ByteBuffer.wrap(header.value()).getLong());
    }
}
