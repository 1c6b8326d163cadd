package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.presence.api.auth.Authenticator;
import dev.presence.api.console.ConsoleFeed;
import dev.presence.api.auth.KeysUnavailableException;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.api.kafka.RecordPublisher.PublishFailedException;
import dev.presence.api.notify.NotificationBroadcaster;
import dev.presence.api.notify.StreamLimitException;
import dev.presence.api.query.OccupancyQueries;
import dev.presence.api.query.PeerPaths;
import dev.presence.api.verdict.PendingVerdicts;
import dev.presence.api.ratelimit.CallerRateLimits;
import dev.presence.api.ratelimit.RateLimitedException;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.api.metrics.EngineMetrics;
import dev.presence.api.query.StatusQueries;
import dev.presence.api.query.StatusUnavailableException;
import dev.presence.core.ErrorCode;
import dev.presence.core.codec.PresenceEventReader;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.router.ParsedEndpoint;

import dev.presence.api.streams.RestoreProgress;

import java.time.Clock;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;

/**
 * The REST API (JSON over HTTP under {@code /v1}, every route in the README) on Javalin. Every error is {@code {"code":N,"message":"..."}} with
 * the HTTP status of its {@link ErrorCode}; a store that cannot answer is 503 with Retry-After.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Seconds a caller should wait before asking again while the engine starts or rebalances. */
    static final String RETRY_AFTER_SECONDS = "1";
    /** A stream frees its place when a client closes it: rarely within a second. */
    static final String STREAM_RETRY_AFTER_SECONDS = "10";
    private static final Duration IDLE_THREAD = Duration.ofSeconds(60);
    static final String NOTIFICATIONS_PATH = "/v1/users/{userId}/notifications";
    /** The challenge of every 401 (RFC 6750): a bearer token is what the API takes. */
    private static final String BEARER_CHALLENGE = "Bearer realm=\"presence\"";

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /** What the routes need. */
    public record Parts(KafkaStreams streams, StatusQueries queries, CurrentSettings settings,
                        CallerRateLimits rateLimits, Authenticator authenticator, PresenceEventReader reader,
                        RecordPublisher publisher, NotificationBroadcaster broadcaster, EngineMetrics metrics, Clock clock,
                        Limits limits, CorsPolicy cors, PendingVerdicts verdicts, OccupancyQueries occupancy,
                        ConsoleFeed consoleFeed, Supplier<RestoreProgress.Snapshot> restoreProgress) {
    }

    /** How much one request may send, and how many calls are served at once. */
    public record Limits(int maxBodyBytes, int maxConcurrentCalls) {
    }

    public static ApiServer start(String host, int port, Parts parts) {
        CallerAccess access = new CallerAccess(parts.authenticator());
        RequestGuard guard = new RequestGuard(!parts.authenticator().isEnforcing(), parts.limits().maxBodyBytes());
        CallGate gate = new CallGate(parts.limits().maxConcurrentCalls());
        OtherUsersPolicy policy = new OtherUsersPolicy(parts.settings(), parts.rateLimits());
        StatusRoutes status = new StatusRoutes(parts.queries(), parts.settings(), policy);
        VerdictWaiter waiter = new VerdictWaiter(parts.verdicts());
        CustomStatusRoute customStatus = new CustomStatusRoute(parts.queries(), parts.reader(), parts.publisher(), parts.clock(),
                waiter);
        VisibilityRoute visibility = new VisibilityRoute(parts.reader(), parts.publisher(), parts.clock());
        HistoryRoutes history = new HistoryRoutes(parts.queries(), parts.settings(), policy, parts.clock());
        SubscriptionRoutes subscriptions = new SubscriptionRoutes(parts.queries(), parts.publisher(), parts.settings(), policy,
                waiter);
        NotificationStreamRoute notifications = new NotificationStreamRoute(parts.broadcaster());
        EventsRoute events = new EventsRoute(parts.reader(), parts.publisher(), waiter);
        OccupancyRoutes occupancy = new OccupancyRoutes(parts.occupancy());
        SettingsRoutes settings = new SettingsRoutes(parts.settings(), parts.publisher());
        TokenRoute tokens = new TokenRoute(parts.authenticator());
        PeerRoutes peers = new PeerRoutes(parts.queries(), parts.rateLimits());
        ConsoleRoutes console = new ConsoleRoutes(parts.consoleFeed(), parts.occupancy(), parts.queries());
        OpenApiRoute openApi = OpenApiRoute.load();
        HealthRoutes health = new HealthRoutes(parts.streams(), parts.queries(), parts.metrics(),
                parts.broadcaster()::isReading, parts.restoreProgress());
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            // Every gated call may wait (bounded); the threads beyond the gate are the probes'.
            cfg.jetty.threadPool = threadPool(parts.limits().maxConcurrentCalls() + CallGate.RESERVED_THREADS);
            cfg.http.maxRequestSize = parts.limits().maxBodyBytes();
            cfg.requestLogger.http((ctx, ms) -> parts.metrics().httpRequest(ctx.method().name(), routeOf(ctx),
                    ctx.statusCode(), (long) (ms * 1_000_000L)));
            cfg.routes.before(parts.cors()::addHeaders);
            cfg.routes.beforeMatched(guard::check);
            cfg.routes.beforeMatched(access::authenticate);
            cfg.routes.get("/v1/users/{userId}/status", gate.around(status::userStatus));
            cfg.routes.post("/v1/statuses/query", gate.around(status::query));
            cfg.routes.put("/v1/users/{userId}/custom-status", gate.around(customStatus::put));
            cfg.routes.put("/v1/users/{userId}/visibility", gate.around(visibility::put));
            cfg.routes.get("/v1/users/{userId}/history", gate.around(history::history));
            cfg.routes.get("/v1/users/{userId}/online-time", gate.around(history::onlineTime));
            cfg.routes.post("/v1/users/{userId}/subscriptions", gate.around(subscriptions::subscribe));
            cfg.routes.delete("/v1/users/{userId}/subscriptions", gate.around(subscriptions::unsubscribe));
            cfg.routes.get("/v1/users/{userId}/subscriptions", gate.around(subscriptions::list));
            cfg.routes.get(NOTIFICATIONS_PATH, gate.around(notifications::stream));
            cfg.routes.post("/v1/events", gate.around(events::publish));
            cfg.routes.get("/v1/occupancy", gate.around(occupancy::total));
            cfg.routes.get("/v1/admin/settings", gate.around(settings::list));
            cfg.routes.put("/v1/admin/settings/{name}", gate.around(settings::put));
            cfg.routes.delete("/v1/admin/settings/{name}", gate.around(settings::reset));
            cfg.routes.post("/v1/admin/tokens", gate.around(tokens::mint));
            cfg.routes.post(PeerPaths.STATUSES, gate.around(access.peerOnly(peers::statuses)));
            cfg.routes.post(PeerPaths.STANDBY_STATUSES, gate.around(access.peerOnly(peers::standbyStatuses)));
            cfg.routes.post(PeerPaths.SUBSCRIPTIONS, gate.around(access.peerOnly(peers::subscriptions)));
            cfg.routes.post(PeerPaths.RATE_LIMIT, gate.around(access.peerOnly(peers::countCall)));
            cfg.routes.post(PeerPaths.OCCUPANCY, gate.around(access.peerOnly(occupancy::peerPartitions)));
            cfg.routes.post(PeerPaths.HISTORY, gate.around(access.peerOnly(peers::history)));
            cfg.routes.post(PeerPaths.WATCHERS, gate.around(access.peerOnly(peers::watchers)));
            cfg.routes.get(ConsoleRoutes.PAGE, console::page);
            cfg.routes.get(ConsoleRoutes.ASSETS, console::asset);
            cfg.routes.get(ConsoleRoutes.OCCUPANCY, gate.around(console::occupancy));
            cfg.routes.get(ConsoleRoutes.ACTIVITY, gate.around(console::activity));
            cfg.routes.get(ConsoleRoutes.USER, gate.around(console::user));
            // Not gated: probes answer however many calls wait.
            cfg.routes.get("/health/live", health::live);
            cfg.routes.get("/health/ready", health::ready);
            cfg.routes.get("/metrics", gate.around(health::metrics));
            cfg.routes.get(OpenApiRoute.PATH, openApi::serve);
            cfg.routes.options("/*", parts.cors()::preflight);
            cfg.routes.exception(ApiError.class, (e, ctx) -> {
                if (e.isInvalidToken()) {
                    ctx.header("WWW-Authenticate", BEARER_CHALLENGE + ", error=\"invalid_token\"");
                }
                error(ctx, e.code(), e.getMessage());
            });
            cfg.routes.exception(KeysUnavailableException.class, (e, ctx) -> unavailable(ctx, e.getMessage()));
            cfg.routes.exception(CallGate.BusyException.class, (e, ctx) -> unavailable(ctx, e.getMessage()));
            cfg.routes.exception(StreamLimitException.class, (e, ctx) -> {
                parts.metrics().rateLimited();
                ctx.header("Retry-After", STREAM_RETRY_AFTER_SECONDS);
                error(ctx, ErrorCode.RATE_LIMITED, e.getMessage());
            });
            cfg.routes.exception(StatusUnavailableException.class, (e, ctx) -> unavailable(ctx, e.getMessage()));
            cfg.routes.exception(PublishFailedException.class, (e, ctx) -> unavailable(ctx, e.getMessage()));
            cfg.routes.exception(RateLimitedException.class, (e, ctx) -> {
                parts.metrics().rateLimited();
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                error(ctx, ErrorCode.RATE_LIMITED, e.getMessage());
            });
            // Javalin's own refusals (no such endpoint, a body over its size limit), in our error form.
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, javalinRefusal(e),
                    e.getStatus() == ErrorCode.BODY_TOO_LARGE.httpStatus()
                            ? RequestGuard.tooLarge(parts.limits().maxBodyBytes()).getMessage() : e.getMessage()));
            // The client went away or stopped sending mid-body: its problem, not the engine's.
            cfg.routes.exception(java.io.IOException.class, (e, ctx) -> {
                LOG.debug("Reading {} {} failed: {}", ctx.method(), ctx.path(), e.toString());
                error(ctx, ErrorCode.BAD_REQUEST, "the request could not be read: " + e.getMessage());
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
                error(ctx, ErrorCode.INTERNAL, "internal error; see the engine log");
            });
        });
        app.start();
        if (parts.authenticator().isEnforcing()) {
            LOG.info("REST API on {}:{}; every call needs a valid token", host, app.port());
        } else {
            LOG.warn("No auth secret is configured: every call is allowed, so the API listens on {}:{} (loopback) only",
                    host, app.port());
        }
        return new ApiServer(app);
    }

    public int port() {
        return app.port();
    }

    /** Every route served, as {@code "GET /v1/users/{userId}/status"}: what the OpenAPI document must describe. */
    public List<String> routes() {
        List<String> routes = new ArrayList<>();
        for (ParsedEndpoint endpoint : app.unsafe.internalRouter.allHttpHandlers()) {
            if (endpoint.endpoint.method.isHttpMethod()) {
                routes.add(endpoint.endpoint.method.name() + " " + endpoint.endpoint.path);
            }
        }
        return routes;
    }

    @Override
    public void close() {
        LOG.info("Stopping the REST API");
        app.stop();
    }

    /** The matched route's template, so one series per route however many users call it. */
    private static String routeOf(Context ctx) {
        try {
            io.javalin.router.Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? EngineMetrics.UNMATCHED_ROUTE : endpoint.path;
        } catch (RuntimeException e) {
            return EngineMetrics.UNMATCHED_ROUTE;
        }
    }

    private static ErrorCode javalinRefusal(HttpResponseException e) {
        if (e.getStatus() == ErrorCode.NOT_FOUND.httpStatus()) {
            return ErrorCode.NOT_FOUND;
        }
        if (e.getStatus() == ErrorCode.BODY_TOO_LARGE.httpStatus()) {
            return ErrorCode.BODY_TOO_LARGE; // a chunked body that passed the limit while read
        }
        return e.getStatus() < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
    }

    private static QueuedThreadPool threadPool(int maxThreads) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads), (int) IDLE_THREAD.toMillis());
        pool.setName("presence-http");
        return pool;
    }

    private static void unavailable(Context ctx, String message) {
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        error(ctx, ErrorCode.UNAVAILABLE, message);
    }

    private static void error(Context ctx, ErrorCode code, String message) {
        if (code.httpStatus() == 401 && ctx.res().getHeader("WWW-Authenticate") == null) {
            ctx.header("WWW-Authenticate", BEARER_CHALLENGE);
        }
        ctx.status(code.httpStatus()).json(JsonNodeFactory.instance.objectNode()
                .put("code", code.code())
                .put("message", message));
    }
}
