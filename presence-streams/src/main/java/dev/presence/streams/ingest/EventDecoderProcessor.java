package dev.presence.streams.ingest;

import dev.presence.schema.RejectedRecord;
import dev.presence.streams.PresenceNames.Nodes;
import dev.presence.streams.codec.EventReadResult;
import dev.presence.streams.codec.PresenceEventReader;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First node after the source: turns raw bytes into a valid event for the fold, or into a
 * {@code presence.rejected} record. A bad record never throws, so it can never stop the engine.
 */
public final class EventDecoderProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(EventDecoderProcessor.class);

    private final PresenceEventReader reader;
    private ProcessorContext<Object, Object> context;

    public EventDecoderProcessor(PresenceEventReader reader) {
        this.reader = reader;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        EventReadResult result = reader.read(record.key(), record.value());
        if (result instanceof EventReadResult.Accepted accepted) {
            DecodedEvent decoded = new DecodedEvent(accepted.event(), record.key(), record.value());
            context.forward(record.withKey((Object) accepted.event().getUserId()).withValue(decoded), Nodes.STATUS_FOLD);
            return;
        }
        EventReadResult.Refused refused = (EventReadResult.Refused) result;
        log.debug("Rejected {}: {} {}", Rejections.origin(context), refused.code(), refused.reason());
        RejectedRecord rejected = Rejections.of(context, refused.code(), refused.reason(), record.key(), record.value());
        context.forward(record.withKey((Object) record.key()).withValue(rejected), Nodes.REJECTED_SINK);
    }
}
