package dev.presence.api.metrics;

import dev.presence.schema.OccupancyCount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The occupancy as Prometheus gauges, {@code presence_occupancy_users{status="online|offline|unlogined"}}:
 * the same numbers as {@code GET /v1/occupancy}, for the whole engine (every instance reports the same
 * totals, so aggregate them with {@code max}, never {@code sum}). One scrape reads the totals once for
 * its three gauges (a reading is reused for {@link #REUSE_NANOS}); while they cannot be read (the engine
 * starting or rebalancing, a peer not answering), the gauges are NaN rather than a wrong number.
 */
final class OccupancyGauges {

    /** Long enough for one scrape's three gauges, short against any scrape interval. */
    static final long REUSE_NANOS = 1_000_000_000L;

    private final Supplier<OccupancyCount> totals;
    /** The last reading; null when it failed. */
    private OccupancyCount last;
    private long readAt;
    private boolean everRead;

    OccupancyGauges(Supplier<OccupancyCount> totals) {
        this.totals = totals;
    }

    void bindTo(MeterRegistry registry) {
        gauge(registry, "online", OccupancyCount::getOnline);
        gauge(registry, "offline", OccupancyCount::getOffline);
        gauge(registry, "unlogined", OccupancyCount::getUnlogined);
    }

    private void gauge(MeterRegistry registry, String status, ToLongFunction<OccupancyCount> count) {
        Gauge.builder("presence.occupancy.users", this, gauges -> gauges.value(count))
                .tag("status", status)
                // Nothing else holds these gauges' reader: a weak reference (Micrometer's default) would read NaN once collected.
                .strongReference(true)
                .description("Users the engine has seen, by general status, over every instance (as GET /v1/occupancy)")
                .register(registry);
    }

    private synchronized double value(ToLongFunction<OccupancyCount> count) {
        long now = System.nanoTime();
        if (!everRead || now - readAt > REUSE_NANOS) {
            everRead = true;
            readAt = now;
            try {
                last = totals.get();
            } catch (RuntimeException e) {
                last = null; // a failed reading is reused too: one scrape waits for a silent peer once, not three times
            }
        }
        return last == null ? Double.NaN : count.applyAsLong(last);
    }
}
