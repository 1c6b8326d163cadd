package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;
import dev.presence.core.ErrorCode;
import dev.presence.core.Outcome;
import dev.presence.core.codec.PresenceEventReader;
import dev.presence.schema.Verdict;
import dev.presence.schema.VerdictOutcome;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code POST /v1/events}: one JSON event or an array, for producers that speak HTTP rather than
 * Kafka. Every event is checked by the same rules as a Kafka record before any is written: if one
 * is refused, none is written, and the answer names its index and the reason.
 */
final class EventsRoute {

    private final PresenceEventReader reader;
    private final RecordPublisher publisher;
    private final VerdictWaiter waiter;

    EventsRoute(PresenceEventReader reader, RecordPublisher publisher, VerdictWaiter waiter) {
        this.reader = reader;
        this.publisher = publisher;
        this.waiter = waiter;
    }

    /**
     * Admin only: a user's client reports its presence through its gateway, not by writing events itself.
     * With {@code Prefer: wait=N}, once every event is judged: 200 with each event's outcome and the
     * user's resulting status (or its error); a single event (an object, not an array) that was
     * refused answers that refusal's error, as the other write calls do.
     */
    void publish(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        OptionalInt wait = PreferWait.of(ctx);
        JsonNode body = JsonBodies.read(ctx);
        List<JsonNode> items = items(body);
        List<PresenceEvent> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            events.add(accept(i, items.get(i)));
        }
        Optional<VerdictWaiter.Wait> waiting = waiter.begin(wait, events.size());
        List<RecordMetadata> written;
        try {
            written = publisher.publish(events, waiting.map(VerdictWaiter.Wait::requestIds).orElse(List.of()));
        } catch (RuntimeException e) {
            waiting.ifPresent(VerdictWaiter.Wait::abandon);
            throw e;
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("accepted", written.size());
        ArrayNode positions = answer.putArray("events");
        for (int i = 0; i < written.size(); i++) {
            positions.addObject()
                    .put("index", i)
                    .put("userId", events.get(i).getUserId())
                    .put("partition", written.get(i).partition())
                    .put("offset", written.get(i).offset());
        }
        if (waiting.isEmpty()) {
            ctx.status(HttpStatus.ACCEPTED).json(answer);
            return;
        }
        waiting.get().answer(ctx, verdicts -> {
            if (body.isObject() && verdicts.get(0).getOutcome() == VerdictOutcome.REFUSED) {
                VerdictWaiter.refusal(ctx, verdicts.get(0));
                return;
            }
            for (int i = 0; i < verdicts.size(); i++) {
                Verdict verdict = verdicts.get(i);
                ObjectNode position = (ObjectNode) positions.get(i);
                position.put("outcome", verdict.getOutcome().name());
                if (verdict.getOutcome() == VerdictOutcome.REFUSED) {
                    position.set("error", VerdictWaiter.error(verdict.getErrorCode() != null ? verdict.getErrorCode()
                            : ErrorCode.INTERNAL.code(), verdict.getReason() != null ? verdict.getReason() : "refused"));
                } else if (verdict.getStatus() != null) {
                    position.set("status", StatusJson.of(verdict.getStatus(), true, CallerAccess.caller(ctx)));
                }
            }
            ctx.status(HttpStatus.OK).json(answer);
        }, () -> ctx.status(HttpStatus.ACCEPTED).json(answer));
    }

    /** Turns a refusal of an input reader into the API error with the same code. */
    static <T> T requireAccepted(Outcome<T> result, String context) {
        if (result instanceof Outcome.Accepted<T> accepted) {
            return accepted.value();
        }
        if (result instanceof Outcome.Refused<T> refused) {
            throw new ApiError(refused.code(), context + refused.reason());
        }
        throw new IllegalStateException("an input reader accepts or refuses, it never ignores: " + result);
    }

    private static List<JsonNode> items(JsonNode body) {
        if (body.isObject()) {
            return List.of(body);
        }
        if (!body.isArray()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "the body must be one event object or an array of them");
        }
        if (body.isEmpty()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "the array holds no events");
        }
        List<JsonNode> items = new ArrayList<>(body.size());
        body.forEach(items::add);
        return items;
    }

    private PresenceEvent accept(int index, JsonNode item) {
        String context = "event " + index + ": ";
        if (!item.isObject()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, context + "must be a JSON object");
        }
        JsonBodies.requireKnownFields(item, PresenceEventReader::isEventField, ErrorCode.INVALID_FIELD, context);
        PresenceEvent event = requireAccepted(PresenceEventReader.fromJson(item), context);
        if (event.getType() == EventType.SESSION_TIMED_OUT || event.getType() == EventType.CUSTOM_STATUS_EXPIRED) {
            throw new ApiError(ErrorCode.ENGINE_ONLY_EVENT, context + event.getType() + " is written by the engine only");
        }
        return requireAccepted(reader.validate(event), context);
    }
}
