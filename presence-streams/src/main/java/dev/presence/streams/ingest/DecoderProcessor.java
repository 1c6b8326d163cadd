package dev.presence.streams.ingest;

import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.presence.core.codec.EventTime;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * First node after an input source: turns raw bytes into a valid record for {@code next}, keyed by
 * its user, or into a {@code presence.rejected} record. A bad record never throws, so it can never
 * stop the engine.
 */
public final class DecoderProcessor<T> implements Processor<byte[], byte[], Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(DecoderProcessor.class);

    /**
     * A re-routed record is written again with a header: one close to the broker's size limit would not
     * fit any more. A valid presence record is a few KB at most.
     */
    static final int MAX_REROUTE_BYTES = 512 * 1024;

    private final BiFunction<byte[], byte[], Outcome<T>> reader;
    private final Function<T, String> userIdOf;
    private final String next;
    private final PartitionCheck partitionCheck;
    /** Empty: records are processed wherever they are (friendships: keyed by the friend, nothing to re-route). */
    private final Optional<String> rerouteSink;
    private ProcessorContext<Object, Object> context;
    private boolean reroutingLogged;

    /**
     * @param reader   reads and checks one record from its key and value bytes
     * @param userIdOf the user a valid record belongs to: its key downstream
     * @param next     the node valid records go to
     */
    public DecoderProcessor(BiFunction<byte[], byte[], Outcome<T>> reader, Function<T, String> userIdOf, String next) {
        this.reader = reader;
        this.userIdOf = userIdOf;
        this.next = next;
        this.partitionCheck = new PartitionCheck(0);
        this.rerouteSink = Optional.empty();
    }

    /**
     * As above, and records in a partition their key does not hash to go to {@code rerouteSink} (the
     * same topic) to be processed where the user's state lives.
     */
    public DecoderProcessor(BiFunction<byte[], byte[], Outcome<T>> reader, Function<T, String> userIdOf, String next,
                            PartitionCheck partitionCheck, String rerouteSink) {
        this.reader = reader;
        this.userIdOf = userIdOf;
        this.next = next;
        this.partitionCheck = partitionCheck;
        this.rerouteSink = Optional.of(rerouteSink);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Optional<Long> invalidTimestamp = InputTimestamps.invalidTimestamp(record.headers());
        if (invalidTimestamp.isPresent()) {
            reject(record, ErrorCode.INVALID_FIELD, "the record timestamp " + invalidTimestamp.get()
                    + " is not epoch milliseconds between 0 and " + EventTime.LATEST_MS + " (year 9999)");
            return;
        }
        Outcome<T> result = reader.apply(record.key(), record.value());
        if (result instanceof Outcome.Refused<T> refused) {
            // Refused records change no state, so they are refused where they are, misplaced or not.
            reject(record, refused.code(), refused.reason());
            return;
        }
        if (!(result instanceof Outcome.Accepted<T> accepted)) {
            throw new IllegalStateException("an input reader accepts or refuses, it never ignores: " + result);
        }
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
        if (rerouteSink.isPresent() && partitionCheck.misplaced(record.key(), partition)) {
            if (PartitionCheck.alreadyRerouted(record.headers())) {
                reject(record, ErrorCode.MISROUTED, "re-routed once and still not in partition of its key");
            } else if (sizeOf(record) > MAX_REROUTE_BYTES) {
                reject(record, ErrorCode.MISROUTED, "not in the partition of its key, and at " + sizeOf(record)
                        + " bytes too large to re-route (at most " + MAX_REROUTE_BYTES + ")");
            } else {
                reroute(record, rerouteSink.get());
            }
            return;
        }
        Decoded<T> decoded = new Decoded<>(accepted.value(), record.key(), record.value());
        context.forward(record.withKey((Object) userIdOf.apply(accepted.value())).withValue(decoded), next);
    }

    private static int sizeOf(Record<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }

    private void reject(Record<byte[], byte[]> record, ErrorCode code, String reason) {
        Rejections.reject(context, record, code, reason, record.key(), record.value());
    }

    private void reroute(Record<byte[], byte[]> record, String sink) {
        if (!reroutingLogged) {
            reroutingLogged = true;
            log.warn("Records in {} are not in the partition their key hashes to (a producer uses another partitioner "
                    + "than Kafka's murmur2; with kcat add -X partitioner=murmur2_random). The engine writes each such "
                    + "record again to the right partition, which costs an extra write.", Rejections.origin(context));
        }
        Headers headers = new RecordHeaders(record.headers().toArray());
        PartitionCheck.markRerouted(headers);
        context.forward(record.withKey((Object) record.key()).withValue((Object) record.value()).withHeaders(headers),
                sink);
    }
}
