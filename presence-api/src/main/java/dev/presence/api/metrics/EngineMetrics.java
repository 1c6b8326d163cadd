package dev.presence.api.metrics;

import dev.presence.api.notify.NotificationBroadcaster;
import dev.presence.api.query.PeerCallCounts;
import dev.presence.api.query.PeerPaths;
import dev.presence.api.query.StatusUnavailableException;
import dev.presence.schema.Status;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceNames.Stores;
import dev.presence.streams.errors.InternalErrors;
import dev.presence.streams.metrics.DomainSensors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus registry behind {@code GET /metrics}: Kafka Streams' own metrics, the API
 * producer's, the JVM's, and the engine's own, named {@code presence_...}. Every figure is this
 * instance's; sum over instances for the cluster's.
 */
public final class EngineMetrics implements AutoCloseable {

    /** The text exposition format Prometheus scrapes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The route label of a call no route matched (a 404): one series, whatever paths strangers try. */
    public static final String UNMATCHED_ROUTE = "unmatched";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<MeterBinder> binders;
    private final KafkaStreams streams;
    private final StreamsSensorTotals sensors;
    private final Counter rateLimited;

    public EngineMetrics(KafkaStreams streams, Producer<?, ?> apiProducer) {
        this.streams = streams;
        this.sensors = new StreamsSensorTotals(streams);
        binders = List.of(new KafkaStreamsMeters(streams), new KafkaClientMetrics(apiProducer),
                new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(),
                new UptimeMetrics());
        binders.forEach(binder -> binder.bindTo(registry));
        // Records that hit an engine bug and went to presence.rejected with 70099 instead of stopping it.
        FunctionCounter.builder("presence.internal.errors", InternalErrors.class, ignored -> InternalErrors.total())
                .description("Records that met an unexpected exception (an engine bug) and were rejected with 70099")
                .register(registry);
        sensorCounter("presence.events.applied", DomainSensors.EVENTS_APPLIED,
                "Events the status fold applied (a change, or a heartbeat that refreshed a session)");
        sensorCounter("presence.events.ignored", DomainSensors.EVENTS_IGNORED,
                "Events the status fold ignored (unknown or closed session, duplicate, older session)");
        sensorCounter("presence.timeouts.decided", DomainSensors.TIMEOUTS_DECIDED,
                "Sessions the engine closed because their heartbeats stopped");
        sensorCounter("presence.notifications.written", DomainSensors.NOTIFICATIONS_WRITTEN,
                "Notifications written to presence.notifications");
        for (ErrorCode code : ErrorCode.values()) {
            FunctionCounter.builder("presence.records.rejected", sensors,
                            totals -> totals.total(DomainSensors.REJECTED_PREFIX + code.code()))
                    .description("Input records sent to presence.rejected, by error code")
                    .tag("code", Integer.toString(code.code()))
                    .register(registry);
        }
        Gauge.builder("presence.fanout.backlog", this, EngineMetrics::fanoutJobsPending)
                .description("Users whose change is not yet told to all their watchers (fan-out jobs waiting, estimated)")
                .register(registry);
        rateLimited = Counter.builder("presence.http.rate.limited")
                .description("REST calls refused with 429 (rate limit, or too many notification streams)")
                .register(registry);
    }

    /** The meters of the REST side, once it is built: occupancy, notification streams, forwarded queries. */
    public void bindApi(NotificationBroadcaster broadcaster, PeerCallCounts peers) {
        Gauge.builder("presence.notification.streams.open", broadcaster, NotificationBroadcaster::listenerCount)
                .description("Notification streams (SSE) open on this instance").register(registry);
        FunctionCounter.builder("presence.notification.streams.dropped", broadcaster, NotificationBroadcaster::droppedCount)
                .description("Notification streams dropped because their reader fell behind or writing failed")
                .register(registry);
        for (String path : List.of(PeerPaths.STATUSES, PeerPaths.STANDBY_STATUSES, PeerPaths.SUBSCRIPTIONS, PeerPaths.RATE_LIMIT, PeerPaths.OCCUPANCY,
                PeerPaths.WATCHERS, PeerPaths.HISTORY)) {
            FunctionCounter.builder("presence.queries.forwarded", peers, counts -> counts.forwarded(path, false))
                    .description("Calls forwarded to the instance that owns the key").tag("endpoint", path)
                    .register(registry);
            FunctionCounter.builder("presence.queries.forward.failed", peers, counts -> counts.forwarded(path, true))
                    .description("Forwarded calls that failed (no answer in time, refused, unusable)").tag("endpoint", path)
                    .register(registry);
        }
    }

    /** One REST call answered: {@code route} is its template ({@code /v1/users/{userId}/status}), never the raw path. */
    public void httpRequest(String method, String route, int status, long nanos) {
        Timer.builder("presence.http.requests")
                .description("REST calls by route template, method and HTTP status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    /** Registers the occupancy gauges, read from {@code totals} (the engine-wide counts) at scrape time. */
    public void occupancy(java.util.function.Supplier<dev.presence.schema.OccupancyCount> totals) {
        new OccupancyGauges(totals).bindTo(registry);
    }

    public String scrape() {
        sensors.refresh();
        return registry.scrape();
    }

    private void sensorCounter(String name, String operation, String description) {
        FunctionCounter.builder(name, sensors, totals -> totals.total(operation)).description(description).register(registry);
    }

    private double fanoutJobsPending() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(Stores.FANOUT_JOBS,
                    QueryableStoreTypes.keyValueStore())).approximateNumEntries();
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return Double.NaN;
        }
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
