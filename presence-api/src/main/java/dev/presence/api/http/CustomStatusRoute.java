package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.core.codec.CustomStatusExpiry;
import dev.presence.core.codec.JsonFields;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.api.query.StatusQueries;
import dev.presence.schema.EventType;
import dev.presence.schema.PresenceEvent;
import dev.presence.schema.Status;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.PresenceEventReader;
import dev.presence.schema.Verdict;
import dev.presence.schema.VerdictOutcome;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * {@code PUT /v1/users/{userId}/custom-status}: checks what can be checked now (length, and that
 * the user is ONLINE in the store) and writes a SET_CUSTOM_STATUS event. The fold applies the
 * ONLINE rule again when the event arrives, since the user may leave ONLINE in between; so 202
 * means "accepted into the log", and the change shows in the status and notifications.
 * Clearing (empty or null) is never refused: while not ONLINE there is nothing to clear (leaving
 * ONLINE clears it), and the fold ignores it; while ONLINE it clears. It is written without asking
 * the store, whose view may be behind: a clear sent after a set must not be lost to a stale read.
 * <p>
 * {@code expiresAt} (epoch millis) or {@code ttlSeconds} makes the engine clear the custom status at
 * that time (reason CUSTOM_STATUS_EXPIRED); an expiry not after now or more than 30 days ahead, a
 * time-to-live outside 1 s to 30 days, both at once, or one without a custom status is 400 (70030).
 */
final class CustomStatusRoute {

    private static final String FIELD = "customStatus";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String TTL_SECONDS = "ttlSeconds";
    private static final Set<String> FIELDS = Set.of(FIELD, EXPIRES_AT, TTL_SECONDS);

    private final StatusQueries queries;
    private final PresenceEventReader reader;
    private final RecordPublisher publisher;
    private final Clock clock;
    private final VerdictWaiter waiter;

    CustomStatusRoute(StatusQueries queries, PresenceEventReader reader, RecordPublisher publisher, Clock clock,
                      VerdictWaiter waiter) {
        this.queries = queries;
        this.reader = reader;
        this.publisher = publisher;
        this.clock = clock;
        this.waiter = waiter;
    }

    /**
     * With {@code Prefer: wait=N}: 200 with the resulting status (outcome APPLIED, or IGNORED when it
     * changed nothing) once the fold has judged the event, 409 (70008) if the user left ONLINE before
     * it was applied, or the 202 below if no verdict came within N s.
     */
    void put(Context ctx) {
        String userId = JsonBodies.userId(ctx);
        CallerAccess.requireActFor(ctx, userId);
        OptionalInt wait = PreferWait.of(ctx);
        JsonNode body = JsonBodies.readObject(ctx);
        String customStatus = customStatus(body);
        Optional<Long> expiresAt = whole(body, EXPIRES_AT);
        Optional<Long> ttlSeconds = whole(body, TTL_SECONDS);
        long now = clock.millis();
        PresenceEvent event = EventsRoute.requireAccepted(reader.validate(PresenceEvent.newBuilder()
                .setType(EventType.SET_CUSTOM_STATUS)
                .setUserId(userId)
                .setCustomStatus(customStatus)
                .setExpiresAt(expiresAt.orElse(null))
                .setTtlSeconds(ttlSeconds.orElse(null))
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now)
                .build()), "");
        // The fold checks again against the record's time, a moment later; this spares the caller a silent refusal.
        expiresAt.flatMap(expiry -> CustomStatusExpiry.windowProblem(expiry, now)).ifPresent(problem -> {
            throw new ApiError(ErrorCode.INVALID_EXPIRY, problem);
        });
        if (customStatus != null) {
            // A standby's answer will do: the fold checks ONLINE again when the event arrives.
            Status status = queries.status(userId).value().getStatus();
            if (status != Status.ONLINE) {
                throw new ApiError(ErrorCode.NOT_ONLINE, "user " + userId + " is " + status
                        + "; a custom status can only be set while ONLINE");
            }
        }
        Optional<VerdictWaiter.Wait> waiting = waiter.begin(wait, 1);
        try {
            publisher.publish(List.of(event), waiting.map(VerdictWaiter.Wait::requestIds).orElse(List.of()));
        } catch (RuntimeException e) {
            waiting.ifPresent(VerdictWaiter.Wait::abandon);
            throw e;
        }
        ObjectNode accepted = JsonNodeFactory.instance.objectNode()
                .put("userId", userId)
                .put(FIELD, customStatus);
        expiresAt.ifPresent(expiry -> accepted.put(EXPIRES_AT, expiry));
        ttlSeconds.ifPresent(ttl -> accepted.put(TTL_SECONDS, ttl));
        accepted.put("eventId", event.getEventId());
        if (waiting.isEmpty()) {
            ctx.status(HttpStatus.ACCEPTED).json(accepted);
            return;
        }
        waiting.get().answer(ctx, verdicts -> {
            Verdict verdict = verdicts.get(0);
            if (verdict.getOutcome() == VerdictOutcome.REFUSED || verdict.getStatus() == null) {
                VerdictWaiter.refusal(ctx, verdict);
                return;
            }
            accepted.put("requestId", verdict.getRequestId()).put("outcome", verdict.getOutcome().name());
            accepted.set("status", StatusJson.of(verdict.getStatus(), true, CallerAccess.caller(ctx)));
            ctx.status(HttpStatus.OK).json(accepted);
        }, () -> ctx.status(HttpStatus.ACCEPTED).json(accepted));
    }

    /** An optional whole number (epoch millis, seconds): anything else is malformed. */
    private static Optional<Long> whole(JsonNode body, String field) {
        try {
            return JsonFields.wholeNumber(body, field);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    /** Empty or null clears the custom status; both are written as null. */
    private static String customStatus(JsonNode body) {
        JsonBodies.requireKnownFields(body, FIELDS::contains, ErrorCode.BAD_REQUEST, "");
        JsonNode value = body.get(FIELD);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, FIELD + " must be a string or null");
        }
        return value.textValue().isEmpty() ? null : value.textValue();
    }
}
