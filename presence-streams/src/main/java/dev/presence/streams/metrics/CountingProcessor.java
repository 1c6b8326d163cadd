package dev.presence.streams.metrics;

import dev.presence.schema.RejectedRecord;
import dev.presence.core.PresenceNames.Nodes;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

import java.util.HashMap;
import java.util.Map;

/**
 * Wraps a processor of the topology to count, as Kafka Streams sensors of its task, what it sends
 * on: records to {@code presence.rejected} by error code, notifications to
 * {@code presence.notifications} and, around the status fold, the events it applied. The wrapped
 * processor is unchanged; only its context is watched ({@link ForwardingContext}).
 * <p>
 * An event the fold applied is one it neither refused (no rejection forwarded while it ran) nor
 * ignored (its own ignored-events sensor did not move), so the three counts add up to the events
 * it took.
 */
public final class CountingProcessor<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {

    private final Processor<KIn, VIn, KOut, VOut> delegate;
    private final String node;
    private final boolean countApplied;
    private final Map<Integer, Sensor> rejectedByCode = new HashMap<>();
    private ProcessorContext<KOut, VOut> context;
    private String entity;
    private Sensor notificationsWritten;
    private Sensor eventsApplied;
    private Metric eventsIgnored;
    private boolean rejectedNow;

    private CountingProcessor(Processor<KIn, VIn, KOut, VOut> delegate, String node, boolean countApplied) {
        this.delegate = delegate;
        this.node = node;
        this.countApplied = countApplied;
    }

    /** Counts the rejections and notifications {@code node}'s processors forward. */
    public static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> counting(
            String node, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return () -> new CountingProcessor<>(supplier.get(), node, false);
    }

    /** As {@link #counting}, for the status fold: also counts the events it applied. */
    public static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> countingFold(
            String node, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return () -> new CountingProcessor<>(supplier.get(), node, true);
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
        this.context = context;
        String task = context.taskId().toString();
        // Per task and node: two nodes of one task may reject with the same code.
        this.entity = task + ":" + node;
        delegate.init(new ForwardingContext<>(context, this::forwarded));
        if (countApplied) {
            eventsApplied = sensor(DomainSensors.EVENTS_APPLIED);
            eventsIgnored = metric(DomainSensors.EVENTS_IGNORED + DomainSensors.TOTAL_SUFFIX, task);
        }
    }

    @Override
    public void process(Record<KIn, VIn> record) {
        if (eventsApplied == null) {
            delegate.process(record);
            return;
        }
        rejectedNow = false;
        Object ignoredBefore = eventsIgnored == null ? null : eventsIgnored.metricValue();
        delegate.process(record);
        boolean ignored = eventsIgnored != null && !eventsIgnored.metricValue().equals(ignoredBefore);
        if (!rejectedNow && !ignored) {
            eventsApplied.record();
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    private void forwarded(Record<?, ?> record, String child) {
        if (Nodes.REJECTED_SINK.equals(child) && record.value() instanceof RejectedRecord rejected) {
            rejectedNow = true;
            rejectedByCode.computeIfAbsent(rejected.getErrorCode(),
                    code -> sensor(DomainSensors.REJECTED_PREFIX + code)).record();
        } else if (Nodes.NOTIFICATIONS_SINK.equals(child)) {
            if (notificationsWritten == null) {
                notificationsWritten = sensor(DomainSensors.NOTIFICATIONS_WRITTEN);
            }
            notificationsWritten.record();
        }
    }

    private Sensor sensor(String operation) {
        return context.metrics().addRateTotalSensor(DomainSensors.SCOPE, entity, operation, Sensor.RecordingLevel.INFO);
    }

    /** A sensor the wrapped processor registered for the task, if it did. */
    private Metric metric(String name, String task) {
        for (Map.Entry<MetricName, ? extends Metric> entry : context.metrics().metrics().entrySet()) {
            MetricName metricName = entry.getKey();
            if (metricName.group().equals(DomainSensors.GROUP) && metricName.name().equals(name)
                    && task.equals(metricName.tags().get(DomainSensors.TASK_TAG))) {
                return entry.getValue();
            }
        }
        return null;
    }
}
