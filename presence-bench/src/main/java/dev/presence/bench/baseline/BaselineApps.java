package dev.presence.bench.baseline;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/** What the baseline applications share: their common settings, and running until the JVM is stopped. */
final class BaselineApps {

    private BaselineApps() {
    }

    /** The settings every baseline takes from the engine's run: broker, application id, state dir, guarantee, commit interval. */
    static Properties settings(String bootstrapServers, String applicationId, String stateDir, String guarantee,
                               String commitIntervalMs) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
        return props;
    }

    /** Runs the topology until the JVM is asked to stop; prints each state change ("state A -> B"), which the bench waits for. */
    static void runUntilStopped(StreamsBuilder builder, Properties props) throws InterruptedException {
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }));
        streams.setStateListener((now, before) -> System.out.println("state " + before + " -> " + now));
        streams.start();
        stopped.await();
    }
}
