package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.auth.Caller;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.api.query.StatusQueries;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.schema.Subscription;
import dev.presence.schema.SubscriptionCommand;
import dev.presence.schema.SubscriptionCommandType;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceSettings;
import dev.presence.core.codec.SubscriptionCommandReader;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.Verdict;
import dev.presence.schema.VerdictOutcome;
import dev.presence.core.RateBudget;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST}, {@code DELETE} and {@code GET /v1/users/{userId}/subscriptions}. A change is
 * checked here with the live settings, then written to {@code presence.subscriptions} as a
 * SubscriptionCommand keyed by the subscriber, where the topology applies it (and checks the same
 * rules again, since the settings may change before it arrives). 202 means "in the log"; the
 * snapshot of each new target's status follows as a notification.
 */
final class SubscriptionRoutes {

    private static final String FIELD = "userIds";

    private final StatusQueries queries;
    private final RecordPublisher publisher;
    private final CurrentSettings settings;
    private final OtherUsersPolicy policy;
    private final VerdictWaiter waiter;

    SubscriptionRoutes(StatusQueries queries, RecordPublisher publisher, CurrentSettings settings, OtherUsersPolicy policy,
                       VerdictWaiter waiter) {
        this.queries = queries;
        this.publisher = publisher;
        this.settings = settings;
        this.policy = policy;
        this.waiter = waiter;
    }

    /** {@code {"userIds":[...]}}: at least one target. */
    void subscribe(Context ctx) {
        String subscriber = JsonBodies.userId(ctx);
        Caller caller = CallerAccess.requireActFor(ctx, subscriber);
        Set<String> targets = targets(JsonBodies.readObject(ctx));
        if (targets.isEmpty()) {
            throw new ApiError(ErrorCode.MISSING_FIELD, "userIds must name at least one user to subscribe to");
        }
        change(ctx, caller, SubscriptionCommandType.SUBSCRIBE, subscriber, targets);
    }

    /**
     * The same body, naming at least one target; {@code ?all=true} (and no targets) cancels every
     * subscription. A missing body or an empty list is refused rather than read as "all": a client
     * that lost its list on the way must not wipe the subscriber's.
     */
    void unsubscribe(Context ctx) {
        String subscriber = JsonBodies.userId(ctx);
        Caller caller = CallerAccess.requireActFor(ctx, subscriber);
        if (all(ctx)) {
            if (ctx.bodyAsBytes().length > 0 && !targets(JsonBodies.readObject(ctx)).isEmpty()) {
                throw new ApiError(ErrorCode.BAD_REQUEST, "?all=true cancels every subscription; name no userIds with it");
            }
            change(ctx, caller, SubscriptionCommandType.UNSUBSCRIBE_ALL, subscriber, Set.of());
            return;
        }
        Set<String> targets = ctx.bodyAsBytes().length == 0 ? Set.of() : targets(JsonBodies.readObject(ctx));
        if (targets.isEmpty()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "userIds must name at least one user to unsubscribe from;"
                    + " to cancel every subscription, use DELETE /v1/users/{userId}/subscriptions?all=true");
        }
        change(ctx, caller, SubscriptionCommandType.UNSUBSCRIBE, subscriber, targets);
    }

    /** {@code ?all=true} or {@code ?all=false} (the same as absent); any other value is a mistake worth saying. */
    private static boolean all(Context ctx) {
        String all = ctx.queryParam("all");
        if (all == null || all.equals("false")) {
            return false;
        }
        if (!all.equals("true")) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "all must be true or false, got '" + (all.length() > 32 ? all.substring(0, 32) + "..." : all) + "'");
        }
        return true;
    }

    /** The subscriber's subscriptions, oldest first; a subscriber never seen has none. */
    void list(Context ctx) {
        String subscriber = JsonBodies.userId(ctx);
        CallerAccess.requireActFor(ctx, subscriber);
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("userId", subscriber);
        ArrayNode list = answer.putArray("subscriptions");
        for (Subscription subscription : StaleAnswers.mark(ctx, queries.subscriptions(subscriber))) {
            list.addObject().put("userId", subscription.getTarget()).put("subscribedAt", subscription.getSubscribedAt());
        }
        ctx.json(answer);
    }

    /**
     * Writes the command. With {@code Prefer: wait=N}: 200 with the subscriber's resulting list (outcome
     * APPLIED, or IGNORED when it changed nothing) once the registry has judged it, its refusal (403
     * 72001 when the switch was turned off before it arrived, ...), or the 202 below after N s.
     */
    private void change(Context ctx, Caller caller, SubscriptionCommandType type, String subscriber, Set<String> targets) {
        OptionalInt wait = PreferWait.of(ctx);
        SubscriptionCommand command = SubscriptionCommand.newBuilder()
                .setType(type)
                .setUserId(subscriber)
                .setTargets(new ArrayList<>(targets))
                .setRequestId(UUID.randomUUID().toString())
                .build();
        EventsRoute.requireAccepted(SubscriptionCommandReader.validate(command), "");
        policy.requireSubscriptionsOn();
        PresenceSettings current = settings.current();
        if (targets.size() > current.maxTargetsPerCall()) {
            throw new ApiError(ErrorCode.TOO_MANY_TARGETS, "userIds names " + targets.size() + " distinct users, at most "
                    + current.maxTargetsPerCall() + " are allowed in one call");
        }
        if (targets.contains(subscriber)) {
            throw new ApiError(ErrorCode.SELF_SUBSCRIPTION, "user " + subscriber + " cannot subscribe to itself;"
                    + " the whole call is refused");
        }
        policy.countSubscriptionChange(caller,
                type == SubscriptionCommandType.SUBSCRIBE ? RateBudget.SUBSCRIBE : RateBudget.UNSUBSCRIBE);
        Optional<VerdictWaiter.Wait> waiting = waiter.begin(wait, 1);
        try {
            publisher.publish(command, waiting.map(w -> w.requestIds().get(0)));
        } catch (RuntimeException e) {
            waiting.ifPresent(VerdictWaiter.Wait::abandon);
            throw e;
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode()
                .put("userId", subscriber)
                .put("type", type.name())
                .put("requestId", command.getRequestId());
        targets.forEach(answer.putArray(FIELD)::add);
        if (waiting.isEmpty()) {
            ctx.status(HttpStatus.ACCEPTED).json(answer);
            return;
        }
        waiting.get().answer(ctx, verdicts -> {
            Verdict verdict = verdicts.get(0);
            if (verdict.getOutcome() == VerdictOutcome.REFUSED) {
                VerdictWaiter.refusal(ctx, verdict);
                return;
            }
            answer.put("outcome", verdict.getOutcome().name());
            ArrayNode list = answer.putArray("subscriptions");
            SubscriptionList after = verdict.getSubscriptions();
            for (Subscription subscription : after == null ? List.<Subscription>of() : after.getSubscriptions()) {
                list.addObject().put("userId", subscription.getTarget()).put("subscribedAt", subscription.getSubscribedAt());
            }
            ctx.status(HttpStatus.OK).json(answer);
        }, () -> ctx.status(HttpStatus.ACCEPTED).json(answer));
    }

    /** The distinct ids asked for, in the order given (duplicates count once, as in the topology). */
    private static Set<String> targets(JsonNode body) {
        JsonBodies.requireKnownFields(body, FIELD::equals, ErrorCode.BAD_REQUEST, "");
        JsonNode node = body.get(FIELD);
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, FIELD + " must be an array of user ids");
        }
        List<String> ids = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (!id.isTextual()) {
                throw new ApiError(ErrorCode.INVALID_FIELD, FIELD + "[" + i + "] must be a string");
            }
            JsonBodies.requireValidId(FIELD + "[" + i + "]", id.textValue());
            ids.add(id.textValue());
        }
        return new LinkedHashSet<>(ids);
    }
}
