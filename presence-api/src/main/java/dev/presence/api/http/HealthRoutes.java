package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.presence.api.metrics.EngineMetrics;
import dev.presence.api.query.StatusQueries;
import dev.presence.api.query.StatusUnavailableException;
import io.javalin.http.Context;
import org.apache.kafka.streams.KafkaStreams;

import dev.presence.api.streams.RestoreProgress;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Liveness, readiness and metrics. */
final class HealthRoutes {

    private final KafkaStreams streams;
    private final StatusQueries queries;
    private final EngineMetrics metrics;
    private final BooleanSupplier notificationsReading;
    private final Supplier<RestoreProgress.Snapshot> restoreProgress;

    HealthRoutes(KafkaStreams streams, StatusQueries queries, EngineMetrics metrics, BooleanSupplier notificationsReading,
                 Supplier<RestoreProgress.Snapshot> restoreProgress) {
        this.restoreProgress = restoreProgress;
        this.streams = streams;
        this.queries = queries;
        this.metrics = metrics;
        this.notificationsReading = notificationsReading;
    }

    void live(Context ctx) {
        Liveness liveness = new Liveness(streams.state(), notificationsReading.getAsBoolean());
        ctx.status(liveness.isLive() ? 200 : 503).json(JsonNodeFactory.instance.objectNode()
                .put("status", liveness.isLive() ? "UP" : "DOWN")
                .put("streams", liveness.streams().name())
                .put("notifications", liveness.notificationsReading() ? "READING" : "STOPPED"));
    }

    /**
     * Ready only when Streams is RUNNING and the status store answers a query. Until then the 503 says
     * which phase the start is in and, while local state is restored from the changelogs, how much is left.
     */
    void ready(Context ctx) {
        if (!queries.storeAnswers()) {
            RestoreProgress.Snapshot progress = restoreProgress.get();
            throw new StatusUnavailableException("not ready: Kafka Streams is " + streams.state()
                    + (progress.isRestoring() ? "; restoring local state: " + progress
                    : " or the status store does not answer yet"));
        }
        ctx.json(JsonNodeFactory.instance.objectNode().put("status", "READY").put("streams", streams.state().name()));
    }

    void metrics(Context ctx) {
        ctx.contentType(EngineMetrics.CONTENT_TYPE).result(metrics.scrape());
    }
}
