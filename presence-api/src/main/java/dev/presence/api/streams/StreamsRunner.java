package dev.presence.api.streams;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns one KafkaStreams client: logs the topology, follows its states, decides what an uncaught
 * exception does, and closes it with a timeout. State is never wiped on start: the local stores
 * and their changelogs are what make a restart fast and exact.
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How often the log says how far a restoration has got, while one runs. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final RestoreProgress restore = new RestoreProgress();
    private final ScheduledExecutorService progressLog = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "presence-restore-progress");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * {@code onFatalError} runs (on its own thread) when Streams reaches ERROR; the engine's main
     * exits the process there so a supervisor restarts it.
     */
    public StreamsRunner(Topology topology, Properties props, Runnable onFatalError) {
        LOG.info("Topology has {} sub-topologies", topology.describe().subtopologies().size());
        LOG.debug("Topology:\n{}", topology.describe());
        this.streams = new KafkaStreams(topology, props);
        streams.setGlobalStateRestoreListener(restore);
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.ERROR) {
                LOG.error("Kafka Streams stopped after an unrecoverable error; the engine shuts down");
                new Thread(onFatalError, "presence-fatal-error").start();
            }
        });
        streams.setUncaughtExceptionHandler(new StreamThreadFailures());
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Kafka Streams takes one global restore listener, and setting another replaces the first: this tells
     * every restore both to the progress kept here and to {@code other} (the fresh-answer guard).
     */
    public void alsoTellRestoresTo(StateRestoreListener other) {
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
                other.onRestoreStart(partition, store, startingOffset, endingOffset);
                restore.onRestoreStart(partition, store, startingOffset, endingOffset);
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
                other.onBatchRestored(partition, store, batchEndOffset, numRestored);
                restore.onBatchRestored(partition, store, batchEndOffset, numRestored);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                other.onRestoreEnd(partition, store, totalRestored);
                restore.onRestoreEnd(partition, store, totalRestored);
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
                other.onRestoreSuspended(partition, store, totalRestored);
                restore.onRestoreSuspended(partition, store, totalRestored);
            }
        });
    }

    /** How far the restoration of local state has got (nothing left once it is done). */
    public RestoreProgress.Snapshot restoreProgress() {
        return restore.snapshot();
    }

    public void start() {
        streams.start();
        progressLog.scheduleAtFixedRate(this::logProgress, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void logProgress() {
        RestoreProgress.Snapshot progress = restore.snapshot();
        if (progress.isRestoring()) {
            LOG.info("Restoring local state from the changelogs: {}", progress);
        }
    }

    @Override
    public void close() {
        progressLog.shutdownNow();
        LOG.info("Closing Kafka Streams (at most {})", CLOSE_TIMEOUT);
        // Leave the group: otherwise the partitions stay with this closed member until the session
        // times out (45 s), and a restarted engine answers 503 all that time.
        CloseOptions options = CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        if (!streams.close(options)) {
            LOG.warn("Kafka Streams did not close within {}; its threads are abandoned", CLOSE_TIMEOUT);
        }
    }
}
