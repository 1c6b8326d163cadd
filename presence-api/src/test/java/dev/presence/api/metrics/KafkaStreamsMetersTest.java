package dev.presence.api.metrics;

import dev.presence.testkit.UnitTest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@UnitTest
class KafkaStreamsMetersTest {

    private static final String STORE_GROUP = "stream-state-metrics";

    @Test
    void aStoreGaugeIsNeverBoundNorReadWhileTheStoresRatesAre() {
        AtomicInteger gaugeReads = new AtomicInteger();
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        add(metrics, STORE_GROUP, "uncommitted-bytes", (org.apache.kafka.common.metrics.Gauge<Long>) (config, now) -> {
            gaugeReads.incrementAndGet();
            throw new AssertionError("a store gauge was read");
        });
        add(metrics, STORE_GROUP, "put-rate", (Measurable) (config, now) -> 12.5);
        add(metrics, "stream-thread-metrics", "process-total", (Measurable) (config, now) -> 40.0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (KafkaStreamsMeters meters = new KafkaStreamsMeters(() -> metrics)) {
            meters.bindTo(registry);
            registry.getMeters().forEach(KafkaStreamsMetersTest::read);

            assertThat(registry.find("kafka.stream.state.uncommitted.bytes").meters()).isEmpty();
            assertThat(gaugeReads).hasValue(0);
            assertThat(registry.get("kafka.stream.state.put.rate").tag("thread.id", "t1").gauge().value()).isEqualTo(12.5);
            assertThat(registry.get("kafka.stream.thread.process.total").functionCounter().count()).isEqualTo(40.0);
        }
    }

    @Test
    void aMetricThatGoesAwayTakesItsMeterWithItAndANewOneIsBound() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        MetricName first = add(metrics, "stream-task-metrics", "process-rate", (Measurable) (config, now) -> 1.0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (KafkaStreamsMeters meters = new KafkaStreamsMeters(() -> Map.copyOf(metrics))) {
            meters.bindTo(registry);
            metrics.remove(first);
            add(metrics, "stream-task-metrics", "punctuate-rate", (Measurable) (config, now) -> 2.0);
            meters.refresh();

            assertThat(registry.find("kafka.stream.task.process.rate").meters()).isEmpty();
            assertThat(registry.get("kafka.stream.task.punctuate.rate").gauge().value()).isEqualTo(2.0);
        }
    }

    @Test
    void oneNameWithTwoSetsOfTagKeysIsExposedTwiceAndScrapes() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        // Prometheus wants one set of tag keys per name; Kafka tags RocksDB and in-memory stores differently.
        metrics.put(new MetricName("put-rate", STORE_GROUP, "", Map.of("rocksdb-state-id", "a")), metric((Measurable) (c, n) -> 1.0));
        metrics.put(new MetricName("put-rate", STORE_GROUP, "", Map.of("in-memory-state-id", "b")), metric((Measurable) (c, n) -> 2.0));
        add(metrics, "stream-thread-metrics", "poll-rate", (Measurable) (config, now) -> 3.0);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        try (KafkaStreamsMeters meters = new KafkaStreamsMeters(() -> metrics)) {
            meters.bindTo(registry);
            meters.refresh();

            assertThat(registry.find("kafka.stream.state.put.rate").meters()).hasSize(2);
            assertThat(registry.scrape()).contains("kafka_stream_thread_poll_rate")
                    .contains("rocksdb_state_id=\"a\"").contains("in_memory_state_id=\"b\"");
        }
    }

    /**
     * The metrics of a real transactional RocksDB store, as Kafka Streams registers them: the
     * {@code uncommitted-bytes} gauge that crashed an engine is there, and is the one kind left out.
     */
    @Test
    void theGaugeOfARealTransactionalStoreIsLeftOut() {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "input");
        topology.addProcessor("count", Counting::new, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("counts"),
                Serdes.String(), Serdes.Long()), "count");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "meters-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put("enable.transactional.statestores", "true");
        config.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/meters-test-" + System.nanoTime());

        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config);
             KafkaStreamsMeters meters = new KafkaStreamsMeters(driver::metrics)) {
            Map<MetricName, ? extends Metric> real = driver.metrics();
            assertThat(real.keySet()).anyMatch(name -> name.name().equals("uncommitted-bytes") && name.group().equals(STORE_GROUP));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            meters.bindTo(registry);

            assertThat(registry.find("kafka.stream.state.uncommitted.bytes").meters()).isEmpty();
            assertThat(registry.find("kafka.stream.state.put.rate").meters()).isNotEmpty();
            real.forEach((name, metric) -> {
                if (name.group().equals(STORE_GROUP) && !((KafkaMetric) metric).isMeasurable()) {
                    assertThat(registry.find(KafkaStreamsMeters.meterName(name)).meters()).as(name.toString()).isEmpty();
                }
            });
        }
    }

    private static MetricName add(Map<MetricName, Metric> metrics, String group, String name, MetricValueProvider<?> value) {
        MetricName metricName = new MetricName(name, group, "", Map.of("thread-id", "t1"));
        metrics.put(metricName, metric(value));
        return metricName;
    }

    private static KafkaMetric metric(MetricValueProvider<?> value) {
        return new KafkaMetric(new Object(), new MetricName("unused", "unused", "", Map.of()), value, new MetricConfig(), Time.SYSTEM);
    }

    private static void read(Meter meter) {
        if (meter instanceof Gauge gauge) {
            gauge.value();
        } else if (meter instanceof FunctionCounter counter) {
            counter.count();
        }
    }

    private static final class Counting implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            counts = context.getStateStore("counts");
        }

        @Override
        public void process(Record<String, String> record) {
            Long seen = counts.get(record.key());
            counts.put(record.key(), seen == null ? 1 : seen + 1);
        }
    }
}
