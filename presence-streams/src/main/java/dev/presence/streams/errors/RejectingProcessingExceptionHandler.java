package dev.presence.streams.errors;

import dev.presence.schema.RejectedRecord;
import dev.presence.schema.Verdict;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceSettings;
import dev.presence.core.PresenceTopics;
import dev.presence.core.Topic;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.codec.WireFormat;
import dev.presence.core.codec.OutputSerde;
import dev.presence.streams.ingest.Rejections;
import dev.presence.streams.verdict.Verdicts;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last line of defence: an exception the topology did not expect while processing one input
 * record (a bug, since every rule about input refuses with a code instead of throwing) does not stop
 * the engine. The record goes to {@code presence.rejected} with 70099 INTERNAL, the exception's class
 * and message as the reason, through Kafka Streams' own dead-letter records (so it is written in the
 * same transaction as the offsets that skip it), is counted, and processing goes on with the next one.
 * A record that asked for a verdict (a request id header) gets one as well, refused with 70099, so a
 * caller waiting for it hears at once instead of waiting out its timeout.
 * A failing punctuation is counted and logged the same way and tried again at its next turn.
 */
public final class RejectingProcessingExceptionHandler implements ProcessingExceptionHandler {

    /** The streams configuration key that carries the engine's output format to this handler. */
    public static final String OUTPUT_FORMAT_CONFIG = "presence.rejected.output.format";

    private static final Logger log = LoggerFactory.getLogger(RejectingProcessingExceptionHandler.class);

    private Serializer<SpecificRecord> serializer = OutputSerde.serializer(WireFormat.AVRO);
    private Topic<String, Verdict> verdicts = PresenceTopics.verdicts(PresenceSettings.DEFAULT_APPLICATION_ID);

    @Override
    public void configure(Map<String, ?> configs) {
        Object format = configs.get(OUTPUT_FORMAT_CONFIG);
        if (format != null) {
            serializer = OutputSerde.serializer(WireFormat.valueOf(format.toString()));
        }
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (applicationId != null) {
            verdicts = PresenceTopics.verdicts(applicationId.toString());
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
        List<ProducerRecord<byte[], byte[]>> deadLetters = new ArrayList<>(2);
        deadLetters.add(rejection(context, serializer, exception));
        Verdicts.internalError(context.headers(), context.sourceRawKey(), reasonOf(context, exception), context.topic(),
                        context.partition(), context.offset(), context.timestamp())
                .ifPresent(verdict -> deadLetters.add(new ProducerRecord<>(verdicts.name(),
                        verdicts.keySerializer().serialize(verdicts.name(), verdict.getRequestId()),
                        verdicts.valueSerializer().serialize(verdicts.name(), verdict))));
        return Response.resume(deadLetters);
    }

    private static String reasonOf(ErrorHandlerContext context, Exception exception) {
        return exception.getClass().getName() + ": " + exception.getMessage() + " (in " + context.processorNodeId() + ")";
    }

    /** The rejection, as a dead-letter record, of the input record {@code context} describes. */
    static ProducerRecord<byte[], byte[]> rejection(ErrorHandlerContext context, Serializer<SpecificRecord> serializer,
                                                    Exception exception) {
        RejectedRecord rejected = Rejections.of(ErrorCode.INTERNAL, reasonOf(context, exception), context.topic(), context.partition(),
                context.offset(), context.sourceRawKey(), context.sourceRawValue(), System.currentTimeMillis());
        return new ProducerRecord<>(Topics.REJECTED, null, Rejections.keyOf(context.sourceRawKey()),
                serializer.serialize(Topics.REJECTED, rejected));
    }
}
