package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.query.Found;
import dev.presence.api.query.HistoryJson;
import dev.presence.api.query.PeerPaths;
import dev.presence.api.query.StatusQueries;
import dev.presence.api.ratelimit.CallerRateLimits;
import dev.presence.api.ratelimit.RateDecision;
import dev.presence.schema.SubscriptionList;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.AvroJson;
import dev.presence.core.RateBudget;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints other instances call ({@link PeerPaths}): answered from this instance's own stores
 * and counters only, so a forwarded call is never forwarded again.
 */
final class PeerRoutes {

    /** The most watchers a peer lists in one answer, whatever it is asked for. */
    static final int MAX_WATCHERS = 1000;

    private final StatusQueries queries;
    private final CallerRateLimits rateLimits;

    PeerRoutes(StatusQueries queries, CallerRateLimits rateLimits) {
        this.queries = queries;
        this.rateLimits = rateLimits;
    }

    void watchers(Context ctx) {
        JsonNode limit = JsonBodies.readObject(ctx).path("limit");
        if (!limit.canConvertToInt() || limit.intValue() < 1 || limit.intValue() > MAX_WATCHERS) {
            throw new ApiError(ErrorCode.INVALID_FIELD, "limit must be a whole number from 1 to " + MAX_WATCHERS);
        }
        ctx.json(queries.localWatchers(userId(ctx), limit.intValue()).toJson());
    }

    void statuses(Context ctx) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        putStatuses(answer, queries.localStatuses(userIds(ctx)));
        ctx.json(answer);
    }

    void standbyStatuses(Context ctx) {
        Found<List<UserStatus>> found = queries.localCopyStatuses(userIds(ctx));
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        putStatuses(answer, found.value());
        if (found.staleLag().isPresent()) {
            answer.put("staleLag", found.staleLag().getAsLong());
        } else {
            answer.putNull("staleLag");
        }
        ctx.json(answer);
    }

    private static List<String> userIds(Context ctx) {
        JsonNode ids = JsonBodies.readObject(ctx).path("userIds");
        List<String> userIds = new ArrayList<>(ids.size());
        ids.forEach(id -> userIds.add(id.asText()));
        return userIds;
    }

    private static void putStatuses(ObjectNode answer, List<UserStatus> found) {
        ArrayNode statuses = answer.putArray("statuses");
        for (UserStatus status : found) {
            statuses.add(AvroJson.toTree(status));
        }
    }

    void subscriptions(Context ctx) {
        SubscriptionList list = queries.localSubscriptions(userId(ctx));
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("subscriptions", list == null ? JsonNodeFactory.instance.nullNode() : AvroJson.toTree(list));
        ctx.json(answer);
    }

    void history(Context ctx) {
        JsonNode body = JsonBodies.readObject(ctx);
        JsonNode userId = body.get("userId");
        if (userId == null || !userId.isTextual() || !body.path("from").canConvertToLong() || !body.path("to").canConvertToLong()) {
            throw new ApiError(ErrorCode.MISSING_FIELD, "userId, from and to are required");
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("intervals", HistoryJson.intervals(queries.localHistory(userId.textValue(),
                body.path("from").longValue(), body.path("to").longValue()), true));
        ctx.json(answer);
    }

    void countCall(Context ctx) {
        RateDecision decision = rateLimits.countHere(userId(ctx), budget(ctx));
        ctx.json(JsonNodeFactory.instance.objectNode()
                .put("allowed", decision.allowed())
                .put("retryAfterMs", decision.retryAfter().toMillis()));
    }

    private static RateBudget budget(Context ctx) {
        String name = JsonBodies.readObject(ctx).path("budget").asText("");
        for (RateBudget budget : RateBudget.values()) {
            if (budget.wireName().equals(name)) {
                return budget;
            }
        }
        throw new ApiError(ErrorCode.MISSING_FIELD, "budget must be one of query, subscribe, unsubscribe");
    }

    private static String userId(Context ctx) {
        JsonNode userId = JsonBodies.readObject(ctx).get("userId");
        if (userId == null || !userId.isTextual()) {
            throw new ApiError(ErrorCode.MISSING_FIELD, "userId is missing");
        }
        return userId.textValue();
    }
}
