package dev.presence.streams.errors;

import dev.presence.schema.RejectedRecord;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.codec.WireFormat;
import dev.presence.core.codec.OutputSerde;
import dev.presence.streams.ingest.Rejections;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The last line of defence: an exception the topology did not expect while processing one input
 * record (a bug, since every rule about input refuses with a code instead of throwing) does not stop
 * the engine. The record goes to {@code presence.rejected} with 70099 INTERNAL, the exception's class
 * and message as the reason, through Kafka Streams' own dead-letter records (so it is written in the
 * same transaction as the offsets that skip it), is counted, and processing goes on with the next one.
 * A failing punctuation is counted and logged the same way and tried again at its next turn.
 */
public final class RejectingProcessingExceptionHandler implements ProcessingExceptionHandler {

    /** The streams configuration key that carries the engine's output format to this handler. */
    public static final String OUTPUT_FORMAT_CONFIG = "presence.rejected.output.format";

    private static final Logger log = LoggerFactory.getLogger(RejectingProcessingExceptionHandler.class);

    private Serializer<SpecificRecord> serializer = OutputSerde.serializer(WireFormat.AVRO);

    @Override
    public void configure(Map<String, ?> configs) {
        Object format = configs.get(OUTPUT_FORMAT_CONFIG);
        if (format != null) {
            serializer = OutputSerde.serializer(WireFormat.valueOf(format.toString()));
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String kind = exception.getClass().getName() + " in " + context.processorNodeId();
        if (context.topic() == null) {
            InternalErrors.record(log, kind, "A punctuation of " + context.processorNodeId() + " in task "
                    + context.taskId() + " failed; it runs again at its next turn", exception);
            return Response.resume();
        }
        InternalErrors.record(log, kind, "Record " + context.topic() + "-" + context.partition() + "@"
                + context.offset() + " hit an engine bug in " + context.processorNodeId()
                + "; it goes to presence.rejected with 70099 and processing goes on", exception);
        return Response.resume(List.of(rejection(context, serializer, exception)));
    }

    /** The rejection, as a dead-letter record, of the input record {@code context} describes. */
    static ProducerRecord<byte[], byte[]> rejection(ErrorHandlerContext context, Serializer<SpecificRecord> serializer,
                                                    Exception exception) {
        String reason = exception.getClass().getName() + ": " + exception.getMessage()
                + " (in " + context.processorNodeId() + ")";
        RejectedRecord rejected = Rejections.of(ErrorCode.INTERNAL, reason, context.topic(), context.partition(),
                context.offset(), context.sourceRawKey(), context.sourceRawValue(), System.currentTimeMillis());
        return new ProducerRecord<>(Topics.REJECTED, null, Rejections.keyOf(context.sourceRawKey()),
                serializer.serialize(Topics.REJECTED, rejected));
    }
}
