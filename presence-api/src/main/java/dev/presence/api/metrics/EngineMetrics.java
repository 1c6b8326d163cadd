package dev.presence.api.metrics;

import dev.presence.streams.errors.InternalErrors;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

import java.util.List;

/** The Prometheus registry behind {@code GET /metrics}: Kafka Streams' own metrics, the API producer's, and the JVM's. */
public final class EngineMetrics implements AutoCloseable {

    /** The text exposition format Prometheus scrapes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<MeterBinder> binders;

    public EngineMetrics(KafkaStreams streams, Producer<?, ?> apiProducer) {
        binders = List.of(new KafkaStreamsMetrics(streams), new KafkaClientMetrics(apiProducer),
                new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(),
                new UptimeMetrics());
        binders.forEach(binder -> binder.bindTo(registry));
        // Records that hit an engine bug and went to presence.rejected with 70099 instead of stopping it.
        FunctionCounter.builder("presence.internal.errors", InternalErrors.class, ignored -> InternalErrors.total())
                .description("Records that met an unexpected exception (an engine bug) and were rejected with 70099")
                .register(registry);
    }

    /** Registers the occupancy gauges, read from {@code totals} (the engine-wide counts) at scrape time. */
    public void occupancy(java.util.function.Supplier<dev.presence.schema.OccupancyCount> totals) {
        new OccupancyGauges(totals).bindTo(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        for (MeterBinder binder : binders) {
            if (binder instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Closing a binder only stops its refresh; nothing to recover at shutdown.
                }
            }
        }
        registry.close();
    }
}
