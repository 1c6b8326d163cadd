package dev.presence.api.streams;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;

/**
 * Owns one KafkaStreams client: logs the topology, follows its states, decides what an uncaught
 * exception does, and closes it with a timeout. State is never wiped on start: the local stores
 * and their changelogs are what make a restart fast and exact.
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;

    /**
     * {@code onFatalError} runs (on its own thread) when Streams reaches ERROR; the engine's main
     * exits the process there so a supervisor restarts it.
     */
    public StreamsRunner(Topology topology, Properties props, Runnable onFatalError) {
        LOG.info("Topology has {} sub-topologies", topology.describe().subtopologies().size());
        LOG.debug("Topology:\n{}", topology.describe());
        this.streams = new KafkaStreams(topology, props);
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

    public void start() {
        streams.start();
    }

    @Override
    public void close() {
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
