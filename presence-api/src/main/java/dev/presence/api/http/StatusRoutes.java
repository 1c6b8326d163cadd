package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.auth.Caller;
import dev.presence.api.query.StatusQueries;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.schema.UserStatus;
import dev.presence.core.ErrorCode;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code GET /v1/users/{userId}/status} and {@code POST /v1/statuses/query}. */
final class StatusRoutes {

    private static final Set<String> QUERY_FIELDS = Set.of("userIds", "detail");

    private final StatusQueries queries;
    private final CurrentSettings settings;
    private final OtherUsersPolicy policy;

    StatusRoutes(StatusQueries queries, CurrentSettings settings, OtherUsersPolicy policy) {
        this.queries = queries;
        this.settings = settings;
        this.policy = policy;
    }

    void userStatus(Context ctx) {
        String userId = JsonBodies.userId(ctx);
        boolean detail = Boolean.parseBoolean(ctx.queryParam("detail"));
        Caller caller = CallerAccess.caller(ctx);
        policy.beforeStatusQuery(caller, List.of(userId));
        ctx.json(StatusJson.of(StaleAnswers.mark(ctx, queries.status(userId)), detail, caller));
    }

    /** Body {@code {"userIds":[...],"detail":false}}; the answer keeps the order asked for. */
    void query(Context ctx) {
        JsonNode body = JsonBodies.readObject(ctx);
        JsonBodies.requireKnownFields(body, QUERY_FIELDS::contains, ErrorCode.BAD_REQUEST, "");
        List<String> userIds = userIds(body.get("userIds"));
        boolean detail = detail(body.get("detail"));
        Caller caller = CallerAccess.caller(ctx);
        policy.beforeStatusQuery(caller, userIds);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode statuses = answer.putArray("statuses");
        for (UserStatus status : StaleAnswers.mark(ctx, queries.statuses(userIds))) {
            statuses.add(StatusJson.of(status, detail, caller));
        }
        ctx.json(answer);
    }

    private List<String> userIds(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "userIds must be an array of user ids");
        }
        int maxIdsPerQuery = settings.current().maxUsersPerQuery();
        if (node.size() > maxIdsPerQuery) {
            throw new ApiError(ErrorCode.TOO_MANY_IDS, "userIds has " + node.size() + " ids, at most "
                    + maxIdsPerQuery + " are allowed in one query");
        }
        List<String> ids = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (!id.isTextual()) {
                throw new ApiError(ErrorCode.INVALID_FIELD, "userIds[" + i + "] must be a string");
            }
            JsonBodies.requireValidId("userIds[" + i + "]", id.textValue());
            ids.add(id.textValue());
        }
        return ids;
    }

    private static boolean detail(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "detail must be true or false");
        }
        return node.booleanValue();
    }
}
