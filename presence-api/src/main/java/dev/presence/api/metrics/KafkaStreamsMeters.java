package dev.presence.api.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Kafka Streams' metrics as meters, named as Micrometer's {@code KafkaStreamsMetrics} names them
 * ({@code kafka.<group without -metrics>.<name>}, dashes as dots, the metric's tags), less the gauges
 * of state stores.
 * <p>
 * Why not Micrometer's binder: it reads every metric's value each time it looks for new metrics, and
 * keeps a minute-old copy of Streams' metrics for scrapes. A state store's gauges read the store
 * itself, and Kafka Streams 4.4's transactional stores add {@code uncommitted-bytes}, which reads the
 * RocksDB write batch without checking that the store is open. When a rebalance closes a task, that
 * batch is freed while the metric is still listed, and reading it crashed the JVM (SIGSEGV in
 * {@code WriteBatch.getDataSize} on Micrometer's refresh thread, in a three-engine kill drill of
 * 2026-12-02). Here a metric's value is read only at a scrape, and a store gauge is never bound: the
 * store-level figures kept are the sensors' rates and totals, which are plain counters.
 */
final class KafkaStreamsMeters implements MeterBinder, AutoCloseable {

    /** How often new metrics (a task assigned, a thread replaced) become meters and gone ones are removed. */
    static final Duration REFRESH = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(KafkaStreamsMeters.class);
    private static final String STORE_GROUP = "stream-state-metrics";
    private static final String PREFIX = "kafka.";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final Map<MetricName, Meter> bound = new HashMap<>();
    /** Metrics the registry refused (Prometheus wants one set of tag keys per name); not tried again. */
    private final Set<MetricName> refused = new HashSet<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "presence-kafka-meters");
        thread.setDaemon(true);
        return thread;
    });
    /** The metrics as of the last refresh, for the meters to read at a scrape. */
    private volatile Map<MetricName, ? extends Metric> current = Map.of();
    private MeterRegistry registry;

    KafkaStreamsMeters(KafkaStreams streams) {
        this(streams::metrics);
    }

    KafkaStreamsMeters(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    /** True for a metric that may be read from a thread other than the stream thread that owns it. */
    static boolean readable(MetricName name, Metric metric) {
        boolean storeGauge = STORE_GROUP.equals(name.group()) && metric instanceof KafkaMetric kafka && !kafka.isMeasurable();
        return !storeGauge && !"app-info".equals(name.group()) && !"kafka-metrics-count".equals(name.group());
    }

    static String meterName(MetricName name) {
        return (PREFIX + name.group() + "." + name.name()).replace("-metrics", "").replace('-', '.');
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        refresh();
        refresher.scheduleAtFixedRate(this::refreshQuietly, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A failed refresh must not end the schedule: the next one tries again. */
    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not refresh the Kafka Streams meters; trying again in {}", REFRESH, e);
        }
    }

    /** Binds metrics that appeared since the last refresh and removes the meters of those that went. */
    synchronized void refresh() {
        Map<MetricName, ? extends Metric> now = metrics.get();
        current = now;
        bound.entrySet().removeIf(entry -> {
            boolean gone = !now.containsKey(entry.getKey());
            if (gone) {
                registry.remove(entry.getValue());
            }
            return gone;
        });
        now.forEach((name, metric) -> {
            if (!bound.containsKey(name) && !refused.contains(name) && readable(name, metric)) {
                try {
                    bound.put(name, bind(name));
                } catch (IllegalArgumentException e) {
                    // e.g. a store metric tagged rocksdb-state-id where another store's is tagged in-memory-state-id
                    refused.add(name);
                    log.debug("Kafka metric {} not exposed: {}", name, e.getMessage());
                }
            }
        });
    }

    private Meter bind(MetricName name) {
        String meterName = meterName(name);
        List<Tag> tags = new ArrayList<>();
        name.tags().forEach((key, value) -> tags.add(Tag.of(key.replace('-', '.'), value)));
        // Cumulative figures are counters, as Micrometer's binder decides it: by the name.
        if (meterName.endsWith("total") || meterName.endsWith("count")) {
            return FunctionCounter.builder(meterName, this, meters -> meters.value(name))
                    .tags(tags).description(name.description()).register(registry);
        }
        return Gauge.builder(meterName, this, meters -> meters.value(name))
                .tags(tags).description(name.description()).register(registry);
    }

    private double value(MetricName name) {
        Metric metric = current.get(name);
        return metric != null && metric.metricValue() instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    @Override
    public synchronized void close() {
        refresher.shutdownNow();
        if (registry != null) {
            bound.values().forEach(registry::remove);
        }
        bound.clear();
        refused.clear();
    }
}
