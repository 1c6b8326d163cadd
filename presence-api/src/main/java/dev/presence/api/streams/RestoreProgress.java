package dev.presence.api.streams;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the restoration of local state from the changelogs has got since the start: the
 * partitions still restoring and the records they have left. Kafka Streams calls it from its
 * threads; the log and {@code /health/ready} read it from theirs.
 */
public final class RestoreProgress implements StateRestoreListener {

    private final Map<String, Restoring> restoring = new ConcurrentHashMap<>();
    private final AtomicLong restored = new AtomicLong();

    /** What is left now: {@code partitions} still restoring, {@code recordsLeft} to read, {@code restored} read so far. */
    public record Snapshot(int partitions, long recordsLeft, long restored) {

        public boolean isRestoring() {
            return partitions > 0;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%,d records in %d partitions left (%,d restored so far)",
                    recordsLeft, partitions, restored);
        }
    }

    public Snapshot snapshot() {
        long left = 0;
        int partitions = 0;
        for (Restoring one : restoring.values()) {
            partitions++;
            left += Math.max(0, one.end - one.position);
        }
        return new Snapshot(partitions, left, restored.get());
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.put(key(partition, store), new Restoring(startingOffset, endingOffset));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        Restoring one = restoring.get(key(partition, store));
        if (one != null) {
            one.position = batchEndOffset + 1;
        }
        restored.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        // The partition moved to another instance before it finished here: nothing left to do for it.
        restoring.remove(key(partition, store));
    }

    private static String key(TopicPartition partition, String store) {
        return store + "/" + partition;
    }

    /** One store partition being restored: written by one stream thread, read by others. */
    private static final class Restoring {
        private final long end;
        private volatile long position;

        Restoring(long start, long end) {
            this.position = start;
            this.end = end;
        }
    }
}
