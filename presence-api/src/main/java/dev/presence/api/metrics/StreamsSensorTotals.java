package dev.presence.api.metrics;

import dev.presence.streams.metrics.DomainSensors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The engine's own Kafka Streams sensors ({@link DomainSensors}), summed over every task of this
 * instance: one pass over Streams' metrics per scrape, however many meters read the sums.
 */
final class StreamsSensorTotals {

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private volatile Map<String, Double> totals = Map.of();

    StreamsSensorTotals(KafkaStreams streams) {
        this(streams::metrics);
    }

    StreamsSensorTotals(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    /** Sums each cumulative count ({@code <operation>-total}) of the group over its tasks and nodes. */
    void refresh() {
        Map<String, Double> sums = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
            MetricName name = entry.getKey();
            if (name.group().equals(DomainSensors.GROUP) && name.name().endsWith(DomainSensors.TOTAL_SUFFIX)
                    && entry.getValue().metricValue() instanceof Number value) {
                String operation = name.name().substring(0, name.name().length() - DomainSensors.TOTAL_SUFFIX.length());
                sums.merge(operation, value.doubleValue(), Double::sum);
            }
        }
        totals = sums;
    }

    /** The sum for one operation as of the last refresh; 0 before a task recorded it. */
    double total(String operation) {
        return totals.getOrDefault(operation, 0.0);
    }
}
