package dev.presence.streams.ingest;

import dev.presence.schema.RejectedRecord;
import dev.presence.streams.PresenceNames.Nodes;
import dev.presence.streams.codec.ReadResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * First node after an input source: turns raw bytes into a valid record for {@code next}, keyed by
 * its user, or into a {@code presence.rejected} record. A bad record never throws, so it can never
 * stop the engine.
 */
public final class DecoderProcessor<T> implements Processor<byte[], byte[], Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(DecoderProcessor.class);

    private final BiFunction<byte[], byte[], ReadResult<T>> reader;
    private final Function<T, String> userIdOf;
    private final String next;
    private ProcessorContext<Object, Object> context;

    /**
     * @param reader   reads and checks one record from its key and value bytes
     * @param userIdOf the user a valid record belongs to: its key downstream
     * @param next     the node valid records go to
     */
    public DecoderProcessor(BiFunction<byte[], byte[], ReadResult<T>> reader, Function<T, String> userIdOf, String next) {
        this.reader = reader;
        this.userIdOf = userIdOf;
        this.next = next;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ReadResult<T> result = reader.apply(record.key(), record.value());
        if (result instanceof ReadResult.Accepted<T> accepted) {
            Decoded<T> decoded = new Decoded<>(accepted.value(), record.key(), record.value());
            context.forward(record.withKey((Object) userIdOf.apply(accepted.value())).withValue(decoded), next);
            return;
        }
        ReadResult.Refused<T> refused = (ReadResult.Refused<T>) result;
        log.debug("Rejected {}: {} {}", Rejections.origin(context), refused.code(), refused.reason());
        RejectedRecord rejected = Rejections.of(context, refused.code(), refused.reason(), record.key(), record.value());
        context.forward(record.withKey((Object) record.key()).withValue(rejected), Nodes.REJECTED_SINK);
    }
}
