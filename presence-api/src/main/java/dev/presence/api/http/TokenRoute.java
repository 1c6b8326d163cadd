package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.presence.api.auth.Authenticator;
import dev.presence.api.auth.TokenCommand;
import dev.presence.api.auth.UserTokens;
import dev.presence.core.ErrorCode;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Set;

/**
 * {@code POST /v1/admin/tokens} {@code {"userId":"alice","ttlSeconds":3600}}, admin only: mints a
 * user token, so a backend hands its logged-in users a credential without holding the secret.
 */
final class TokenRoute {

    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final Duration MAX_TTL = TokenCommand.MAX_TTL;
    private static final Set<String> FIELDS = Set.of("userId", "ttlSeconds");

    private final Authenticator authenticator;

    TokenRoute(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    void mint(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        UserTokens tokens = authenticator.tokens().orElseThrow(() -> new ApiError(ErrorCode.NOT_FOUND,
                "no auth.secret is configured, so there are no tokens: every call is allowed on loopback"));
        JsonNode body = JsonBodies.readObject(ctx);
        JsonBodies.requireKnownFields(body, FIELDS::contains, ErrorCode.BAD_REQUEST, "");
        JsonNode userId = body.get("userId");
        if (userId == null || !userId.isTextual()) {
            throw new ApiError(ErrorCode.MISSING_FIELD, "userId is missing");
        }
        JsonBodies.requireValidId("userId", userId.textValue());
        Duration ttl = ttl(body.get("ttlSeconds"));
        ctx.json(JsonNodeFactory.instance.objectNode()
                .put("userId", userId.textValue())
                .put("token", tokens.mint(userId.textValue(), ttl))
                .put("expiresInSeconds", ttl.toSeconds()));
    }

    private static Duration ttl(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_TTL;
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > MAX_TTL.toSeconds()) {
            throw new ApiError(ErrorCode.INVALID_FIELD, "ttlSeconds must be a whole number from 1 to " + MAX_TTL.toSeconds());
        }
        return Duration.ofSeconds(node.asLong());
    }
}
