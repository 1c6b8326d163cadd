package dev.presence.streams.tasks;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Wraps one processor of a task and tells {@link RunningTasks} when the task runs: Kafka Streams
 * calls {@code init} when the task's restoration is complete (just before it starts processing)
 * and {@code close} when the task is suspended or closed (revoked, migrated, or the instance stops).
 */
public final class RunningTaskMarker<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {

    private final Processor<KIn, VIn, KOut, VOut> processor;
    private final RunningTasks running;
    private int partition = -1;

    public RunningTaskMarker(Processor<KIn, VIn, KOut, VOut> processor, RunningTasks running) {
        this.processor = processor;
        this.running = running;
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
        processor.init(context);
        partition = context.taskId().partition();
        running.started(partition);
    }

    @Override
    public void process(Record<KIn, VIn> record) {
        processor.process(record);
    }

    @Override
    public void close() {
        // Unmarked first: from here on the store may close at any moment.
        if (partition >= 0) {
            running.stopped(partition);
        }
        processor.close();
    }
}
