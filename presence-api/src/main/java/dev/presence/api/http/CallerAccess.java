package dev.presence.api.http;

import dev.presence.api.auth.Authenticator;
import dev.presence.api.auth.Caller;
import dev.presence.api.auth.PeerSignature;
import dev.presence.api.query.PeerPaths;
import dev.presence.core.ErrorCode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.regex.Pattern;

/**
 * Who may call what. Runs before every matched route: health and metrics are open (probes and
 * scrapers carry no token), the peer endpoints need the peer credential, everything else a caller,
 * whose identity the routes then check with {@link #requireActFor} and {@link #requireAdmin}. A peer
 * credential signs the body too, so it is verified by {@link #peerOnly} around each peer route, once
 * the route may read the body.
 */
final class CallerAccess {

    private static final String CALLER = "presence.caller";
    /** The query parameter a browser's EventSource passes its token in (RFC 6750 §2.3). */
    static final String ACCESS_TOKEN = "access_token";
    /** The one route that takes it: {@code GET /v1/users/{userId}/notifications}. */
    private static final Pattern NOTIFICATION_STREAM = Pattern.compile("/v1/users/[^/]+/notifications");

    private final Authenticator authenticator;

    CallerAccess(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    void authenticate(Context ctx) {
        String path = ctx.path();
        // The API's description is public, like the metrics and the console's page (its data is not):
        // they hold nothing about any user. A CORS
        // preflight carries no credential: the browser sends it before the call that does.
        if (path.startsWith("/health/") || path.equals("/metrics") || path.equals(OpenApiRoute.PATH)
                || ConsoleRoutes.isPublic(path) || ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        if (path.startsWith(PeerPaths.PREFIX)) {
            if (ctx.header(Authenticator.PEER_HEADER) == null) {
                throw notPeer(path);
            }
            return;
        }
        ctx.attribute(CALLER, authenticator.caller(authorization(ctx), ctx.header(Authenticator.USER_HEADER)));
    }

    /**
     * The Authorization header, or, on the notification stream only, {@code ?access_token=}: a
     * browser's EventSource cannot send headers. Elsewhere a token in a URL would only end up in
     * histories and proxy logs, so it is refused there; and one credential per call, never two.
     */
    private String authorization(Context ctx) {
        String header = ctx.header("Authorization");
        String queryToken = ctx.queryParam(ACCESS_TOKEN);
        if (queryToken == null || !authenticator.isEnforcing()) {
            return header;
        }
        if (!NOTIFICATION_STREAM.matcher(ctx.path()).matches() || ctx.method() != HandlerType.GET) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "only the notification stream takes ?" + ACCESS_TOKEN
                    + "=; send 'Authorization: Bearer <token>'");
        }
        if (header != null) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "send the token once: in the Authorization header or as ?"
                    + ACCESS_TOKEN + "=, not both");
        }
        return "Bearer " + queryToken;
    }

    /** {@code route}, for calls signed by another instance for exactly this method, path and body, recently. */
    Handler peerOnly(Handler route) {
        return ctx -> {
            String query = ctx.queryString();
            String pathAndQuery = ctx.path() + (query == null ? "" : "?" + query);
            if (!authenticator.isPeer(ctx.header(Authenticator.PEER_HEADER), ctx.method().name(), pathAndQuery,
                    ctx.bodyAsBytes())) {
                throw notPeer(ctx.path());
            }
            route.handle(ctx);
        };
    }

    private static ApiError notPeer(String path) {
        return new ApiError(ErrorCode.UNAUTHENTICATED, "only other instances of this engine may call " + path
                + " (with a signature of this very call, made within " + PeerSignature.WINDOW.toSeconds() + " s)");
    }

    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller for " + ctx.path() + ": the access check did not run");
        }
        return caller;
    }

    /** The caller, if it may act for {@code userId}. */
    static Caller requireActFor(Context ctx, String userId) {
        Caller caller = caller(ctx);
        if (!caller.mayActFor(userId)) {
            throw new ApiError(ErrorCode.FORBIDDEN, caller + " may not act for user " + userId);
        }
        return caller;
    }

    static Caller requireAdmin(Context ctx) {
        Caller caller = caller(ctx);
        if (!caller.isAdmin()) {
            throw new ApiError(ErrorCode.FORBIDDEN, "only the admin credential may make this call; " + caller + " may not");
        }
        return caller;
    }
}
