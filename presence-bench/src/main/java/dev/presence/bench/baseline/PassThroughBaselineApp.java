package dev.presence.bench.baseline;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The latency baseline: a Kafka Streams application that copies every record of one topic into
 * another and does nothing else but stamp the copy with the time it handled it ({@link
 * #PROCESSED_AT}), in its own JVM as the engine is, with the same guarantee, commit interval and
 * the engine's defaults for that guarantee. What a record takes through it is what
 * Kafka Streams itself costs on this machine; what the engine takes beyond it is the engine's own.
 * Arguments: bootstrap, application id, input topic, output topic, state dir, guarantee, commit
 * interval, then any number of Streams settings as {@code key=value}.
 */
public final class PassThroughBaselineApp {

    /** The header each copy carries: the wall-clock ms at which the copy handled it, in ASCII digits. */
    public static final String PROCESSED_AT = "bench-processed-at";

    private PassThroughBaselineApp() {
    }

    /** Stamps each record with the time the copy handled it, so the bench can split its latency there. */
    private static final class StampProcessedAt implements FixedKeyProcessor<byte[], byte[], byte[]> {

        private FixedKeyProcessorContext<byte[], byte[]> context;

        @Override
        public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<byte[], byte[]> record) {
            record.headers().add(PROCESSED_AT, Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII));
            context.forward(record);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[2], Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bench-pass-source"))
                .processValues(StampProcessedAt::new, Named.as("bench-pass-stamp"))
                .to(args[3], Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bench-pass-sink"));
        Properties props = BaselineApps.settings(args[0], args[1], args[4], args[5], args[6]);
        for (int i = 7; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            props.put(setting[0], setting[1]);
        }
        BaselineApps.runUntilStopped(builder, props);
    }
}
