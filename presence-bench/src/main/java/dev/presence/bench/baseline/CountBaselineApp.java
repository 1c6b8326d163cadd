package dev.presence.bench.baseline;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

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
        BaselineApps.runUntilStopped(builder, BaselineApps.settings(args[0], args[1], args[3], args[4], args[5]));
    }
}
