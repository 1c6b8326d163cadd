package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.presence.api.metrics.EngineMetrics;
import dev.presence.api.query.StatusQueries;
import dev.presence.api.query.StatusUnavailableException;
import io.javalin.http.Context;
import org.apache.kafka.streams.KafkaStreams;

import java.util.function.BooleanSupplier;

/** Liveness, readiness and metrics. */
final class HealthRoutes {

    private final KafkaStreams streams;
    private final StatusQueries queries;
    private final EngineMetrics metrics;
    private final BooleanSupplier notificationsReading;

    HealthRoutes(KafkaStreams streams, StatusQueries queries, EngineMetrics metrics, BooleanSupplier notificationsReading) {
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

    /** Ready only when Streams is RUNNING and the status store answers a query. */
    void ready(Context ctx) {
        if (!queries.storeAnswers()) {
            throw new StatusUnavailableException("not ready: Kafka Streams is " + streams.state()
                    + " or the status store does not answer yet");
        }
        ctx.json(JsonNodeFactory.instance.objectNode().put("status", "READY").put("streams", streams.state().name()));
    }

    void metrics(Context ctx) {
        ctx.contentType(EngineMetrics.CONTENT_TYPE).result(metrics.scrape());
    }
}
