package dev.presence.streams.metrics;

import dev.presence.schema.RejectedRecord;
import dev.presence.core.PresenceNames.Nodes;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.Map;

/**
 * Wraps a processor of the topology to count, as Kafka Streams sensors of its task, what it sends
 * on: records to {@code presence.rejected} by error code and notifications to
 * {@code presence.notifications}. The wrapped processor is unchanged; only its context is watched
 * ({@link ForwardingContext}). What only the processor knows (the status fold's applied and ignored
 * events, its timeouts) it counts itself.
 */
public final class CountingProcessor<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {

    private final Processor<KIn, VIn, KOut, VOut> delegate;
    private final String node;
    private final Map<Integer, Sensor> rejectedByCode = new HashMap<>();
    private ProcessorContext<KOut, VOut> context;
    private String entity;
    /** Made on the first notification: a node that writes none shows no such metric. */
    private @Nullable Sensor notificationsWritten;

    private CountingProcessor(Processor<KIn, VIn, KOut, VOut> delegate, String node) {
        this.delegate = delegate;
        this.node = node;
    }

    /** Counts the rejections and notifications {@code node}'s processors forward. */
    public static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> counting(
            String node, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return () -> new CountingProcessor<>(supplier.get(), node);
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
        this.context = context;
        // Per task and node: two nodes of one task may reject with the same code.
        this.entity = context.taskId() + ":" + node;
        delegate.init(new ForwardingContext<>(context, this::forwarded));
    }

    @Override
    public void process(Record<KIn, VIn> record) {
        delegate.process(record);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private void forwarded(Record<?, ?> record, @Nullable String child) {
        if (Nodes.REJECTED_SINK.equals(child) && record.value() instanceof RejectedRecord rejected) {
            rejectedByCode.computeIfAbsent(rejected.getErrorCode(),
                    code -> sensor(DomainSensors.REJECTED_PREFIX + code)).record();
        } else if (Nodes.NOTIFICATIONS_SINK.equals(child)) {
            Sensor written = notificationsWritten;
            if (written == null) {
                written = sensor(DomainSensors.NOTIFICATIONS_WRITTEN);
                notificationsWritten = written;
            }
            written.record();
        }
    }

    private Sensor sensor(String operation) {
        return context.metrics().addRateTotalSensor(DomainSensors.SCOPE, entity, operation, Sensor.RecordingLevel.INFO);
    }
}
