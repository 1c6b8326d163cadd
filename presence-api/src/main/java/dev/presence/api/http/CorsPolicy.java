package dev.presence.api.http;

import dev.presence.core.ErrorCode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.Set;

/**
 * Cross-origin calls from browser pages, for the configured origins only ({@code http.cors.origins};
 * none by default, so no page of another origin may read an answer). An allowed origin is echoed in
 * {@code Access-Control-Allow-Origin}; no credentials mode: the token travels in the Authorization
 * header (or {@code ?access_token=} for an EventSource), never in a cookie. A preflight of an allowed
 * origin is answered 204 with the methods and headers the API takes; of any other origin 403.
 */
public final class CorsPolicy {

    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Prefer, Last-Event-ID";
    /** What a page may read of an answer beyond the basic headers. */
    static final String EXPOSED_HEADERS = "Retry-After, WWW-Authenticate, Preference-Applied";
    /** How long a browser may reuse a preflight's answer. */
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> allowedOrigins;

    /** @param allowedOrigins exact origins ({@code scheme://host[:port]}) */
    public CorsPolicy(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    public static CorsPolicy none() {
        return new CorsPolicy(Set.of());
    }

    /** Before every request: the answer to an allowed origin says so; to any other it says nothing. */
    void addHeaders(Context ctx) {
        // The answer differs by Origin, so no cache may hand one origin's answer to another.
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin != null && allowedOrigins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    /** {@code OPTIONS} on any path: a browser asking whether it may make a cross-origin call. */
    void preflight(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || !allowedOrigins.contains(origin)) {
            throw new ApiError(ErrorCode.FOREIGN_ORIGIN, origin == null
                    ? "OPTIONS answers CORS preflights only, and this request names no Origin"
                    : "the origin '" + origin + "' may not call this API from a browser (it is not in http.cors.origins)");
        }
        ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
        ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
        ctx.status(HttpStatus.NO_CONTENT);
    }
}
