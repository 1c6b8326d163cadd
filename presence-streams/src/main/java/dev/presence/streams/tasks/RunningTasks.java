package dev.presence.streams.tasks;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions whose task is processing on this instance: restored, its processors initialised.
 *
 * Kafka Streams hands an interactive query the store of an active task as soon as the task is
 * assigned, while the state updater is still restoring it from the changelog (the stream thread
 * stays RUNNING meanwhile). Such a store is empty after a crash under exactly-once, or some way
 * behind; answering from it as the owner would show a user at an older version than was already
 * answered. Streams initialises a task's processors only once its restoration is complete and
 * closes them when the task is suspended or closed, so a processor of the task marks the
 * partition here ({@link RunningTaskMarker}) and the query path answers fresh only from a marked one.
 *
 * Every store of the topology lives in the one sub-topology whose tasks are keyed by the user
 * partition, so a partition number names the task. Counted rather than a set: should a task move
 * between two stream threads of this instance, the new one may start before the old one has closed.
 *
 * Also the instance's global restore listener: a task that Streams revives after a failure (closed
 * dirty, restored again from the changelog while the stream thread stays RUNNING) stops counting
 * as running when its restoration starts, should its processors not have been closed on the way.
 */
public final class RunningTasks implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RunningTasks.class);

    private final Map<Integer, Integer> running = new ConcurrentHashMap<>();

    /** Whether the task of {@code partition} has finished restoring and processes here. */
    public boolean isRunning(int partition) {
        return running.containsKey(partition);
    }

    void started(int partition) {
        int count = running.merge(partition, 1, Integer::sum);
        LOG.debug("Partition {} answers fresh queries here: its task runs (count {})", partition, count);
    }

    void stopped(int partition) {
        Integer count = running.computeIfPresent(partition, (key, current) -> current > 1 ? current - 1 : null);
        LOG.debug("Partition {}: a task stopped running here (count now {})", partition, count == null ? 0 : count);
    }

    @Override
    public void onRestoreStart(TopicPartition changelog, String storeName, long startingOffset, long endingOffset) {
        Integer before = running.remove(changelog.partition());
        LOG.debug("Partition {}: {} restores from offset {} to {} (was counted {})", changelog.partition(), storeName,
                startingOffset, endingOffset, before == null ? 0 : before);
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String storeName, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String storeName, long totalRestored) {
    }
}
