package dev.presence.bench.baseline;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The Kafka Streams baseline: {@code groupByKey().count()} over a copy of the engine's input, run in
 * its own JVM as the engine is, with the same guarantee and commit interval. What the engine costs
 * beyond it is the engine's own work. Arguments: bootstrap, application id, input topic, state
 * dir, guarantee, commit interval.
 */
public final class CountBaselineApp {

    public static final String STORE = "bench-counts";

    private CountBaselineApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[2], Consumed.with(Serdes.Bytes(), Serdes.ByteArray()).withName("bench-count-source"))
                .groupByKey(Grouped.with("bench-count-group", Serdes.Bytes(), Serdes.ByteArray()))
                .count(Named.as("bench-count"), Materialized.<Bytes, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.Bytes()));
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
        props.put(StreamsConfig.STATE_DIR_CONFIG, args[3]);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, args[4]);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, args[5]);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
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
