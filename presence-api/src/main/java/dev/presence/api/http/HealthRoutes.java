package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.presence.api.metrics.EngineMetrics;
import dev.presence.api.query.StatusQueries;
import dev.presence.api.query.StatusUnavailableException;
import io.javalin.http.Context;
import org.apache.kafka.streams.KafkaStreams;

import java.util.EnumSet;
import java.util.Set;

/** Liveness, readiness and metrics. */
final class HealthRoutes {

    /** States from which Streams does not come back by itself: the process should be restarted. */
    private static final Set<KafkaStreams.State> DEAD = EnumSet.of(KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final KafkaStreams streams;
    private final StatusQueries queries;
    private final EngineMetrics metrics;

    HealthRoutes(KafkaStreams streams, StatusQueries queries, EngineMetrics metrics) {
        this.streams = streams;
        this.queries = queries;
        this.metrics = metrics;
    }

    void live(Context ctx) {
        KafkaStreams.State state = streams.state();
        boolean live = !DEAD.contains(state);
        ctx.status(live ? 200 : 503).json(JsonNodeFactory.instance.objectNode()
                .put("status", live ? "UP" : "DOWN")
                .put("streams", state.name()));
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
