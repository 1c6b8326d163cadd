package dev.presence.streams.errors;

import dev.presence.core.codec.WireFormat;
import dev.presence.core.codec.OutputSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * An output record the engine cannot write because of the record itself (too large for the broker,
 * or it cannot be serialized) is a bug of the engine's: every output is bounded. It is dropped, its
 * input record goes to {@code presence.rejected} with 70099, and processing goes on, instead of the
 * same record stopping the engine on every restart. Every other send error (the broker, the network,
 * authorization) fails as Kafka Streams' default does: those are the environment's, and a retry after
 * a restart can succeed.
 */
public final class RejectingProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectingProductionExceptionHandler.class);

    private Serializer<SpecificRecord> serializer = OutputSerde.serializer(WireFormat.AVRO);

    @Override
    public void configure(Map<String, ?> configs) {
        Object format = configs.get(RejectingProcessingExceptionHandler.OUTPUT_FORMAT_CONFIG);
        if (format != null) {
            serializer = OutputSerde.serializer(WireFormat.valueOf(format.toString()));
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return Response.fail();
        }
        return dropAndReject(context, "An output record to " + record.topic() + " was too large to write", exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return dropAndReject(context, "An output record to " + record.topic() + " could not be serialized (" + origin + ")",
                exception);
    }

    private Response dropAndReject(ErrorHandlerContext context, String what, Exception exception) {
        InternalErrors.record(log, exception.getClass().getName() + " writing from " + context.processorNodeId(),
                what + "; it is dropped and its input record goes to presence.rejected with 70099", exception);
        if (context.topic() == null || context.topic().equals(dev.presence.core.PresenceNames.Topics.REJECTED)) {
            return Response.resume();
        }
        return Response.resume(List.of(RejectingProcessingExceptionHandler.rejection(context, serializer, exception)));
    }
}
