package dev.presence.streams.errors;

import dev.presence.core.PresenceTopics;
import dev.presence.core.Topic;
import dev.presence.schema.Verdict;
import dev.presence.schema.VerdictOutcome;
import dev.presence.streams.verdict.RequestIds;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;

import dev.presence.schema.RejectedRecord;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Topics;
import dev.presence.core.PresenceSettings;
import dev.presence.streams.PresenceTopology;
import dev.presence.core.codec.OutputSerde;
import dev.presence.testkit.TopologyTest;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last line of defence, wired as the engine wires it ({@link PresenceTopology#errorHandling}): a
 * processor that throws on one record sends that record to presence.rejected with 70099 and the
 * exception in the reason, and the next record is processed. The throwing processor stands in for a
 * bug no one has found yet.
 */
@TopologyTest
class RejectingExceptionHandlersTest {

    @Test
    void anUnexpectedExceptionRejectsTheRecordWith70099AndProcessingGoesOn() {
        long before = InternalErrors.total();
        try (TopologyTestDriver driver = buggyTopologyAsTheEngineWiresIt()) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(Topics.EVENTS, new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<byte[], RejectedRecord> rejected = driver.createOutputTopic(Topics.REJECTED,
                    new ByteArrayDeserializer(), OutputSerde.deserializer(RejectedRecord.class));
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", new StringDeserializer(),
                    new StringDeserializer());

            in.pipeInput("k1".getBytes(StandardCharsets.UTF_8), "first".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("k2".getBytes(StandardCharsets.UTF_8), "boom".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("k3".getBytes(StandardCharsets.UTF_8), "third".getBytes(StandardCharsets.UTF_8));

            assertThat(out.readValuesToList()).containsExactly("first", "third");
            assertThat(rejected.readKeyValuesToList()).singleElement().satisfies(entry -> {
                assertThat(new String(entry.key, StandardCharsets.UTF_8)).isEqualTo("k2");
                RejectedRecord record = entry.value;
                assertThat(record.getErrorCode()).isEqualTo(ErrorCode.INTERNAL.code());
                assertThat(record.getReason()).contains("IllegalStateException", "a bug met boom", "buggy");
                assertThat(record.getSourceTopic()).isEqualTo(Topics.EVENTS);
                assertThat(record.getSourceOffset()).isEqualTo(1L);
                assertThat(StandardCharsets.UTF_8.decode(record.getValue()).toString()).isEqualTo("boom");
            });
        }
        assertThat(InternalErrors.total()).isEqualTo(before + 1);
    }

    @Test
    void aRecordThatAskedForAVerdictIsToldItWasRefusedWith70099() {
        try (TopologyTestDriver driver = buggyTopologyAsTheEngineWiresIt()) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(Topics.EVENTS, new ByteArraySerializer(),
                    new ByteArraySerializer());
            Topic<String, Verdict> verdictTopic = PresenceTopics.verdicts("handler-test");
            TestOutputTopic<String, Verdict> verdicts = driver.createOutputTopic(verdictTopic.name(),
                    verdictTopic.keyDeserializer(), verdictTopic.valueDeserializer());

            Headers asked = new RecordHeaders().add(RequestIds.HEADER, "req-1".getBytes(StandardCharsets.US_ASCII));
            Headers hostile = new RecordHeaders().add(RequestIds.HEADER, "no spaces allowed".getBytes(StandardCharsets.US_ASCII));
            in.pipeInput(new TestRecord<>("alice".getBytes(StandardCharsets.UTF_8), "boom".getBytes(StandardCharsets.UTF_8), asked));
            in.pipeInput(new TestRecord<>("bob".getBytes(StandardCharsets.UTF_8), "boom".getBytes(StandardCharsets.UTF_8), hostile));
            in.pipeInput("carol".getBytes(StandardCharsets.UTF_8), "boom".getBytes(StandardCharsets.UTF_8));

            assertThat(verdicts.readKeyValuesToList()).singleElement().satisfies(entry -> {
                assertThat(entry.key).isEqualTo("req-1");
                Verdict verdict = entry.value;
                assertThat(verdict.getOutcome()).isEqualTo(VerdictOutcome.REFUSED);
                assertThat(verdict.getErrorCode()).isEqualTo(ErrorCode.INTERNAL.code());
                assertThat(verdict.getUserId()).isEqualTo("alice");
                assertThat(verdict.getReason()).contains("IllegalStateException", "buggy");
                assertThat(verdict.getSourceTopic()).isEqualTo(Topics.EVENTS);
                assertThat(verdict.getSourceOffset()).isZero();
            });
        }
    }

    /** Events through the buggy processor to "out", with the engine's exception handlers, as application "handler-test". */
    private static TopologyTestDriver buggyTopologyAsTheEngineWiresIt() {
        Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.EVENTS);
        topology.addProcessor("buggy", BuggyProcessor::new, "source");
        topology.addSink("out", "out", new StringSerializer(), new StringSerializer(), "buggy");

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "handler-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.putAll(PresenceTopology.errorHandling(PresenceSettings.defaults()));
        return new TopologyTestDriver(topology, props);
    }

    /** Forwards each value, and throws on one that says "boom". */
    private static final class BuggyProcessor implements Processor<byte[], byte[], String, String> {
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            if (value.contains("boom")) {
                throw new IllegalStateException("a bug met " + value);
            }
            context.forward(new Record<>("ok", value, record.timestamp()));
        }
    }
}
