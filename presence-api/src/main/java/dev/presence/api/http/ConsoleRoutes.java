package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.console.ConsoleFeed;
import dev.presence.api.console.ConsoleFeed.Activity;
import dev.presence.api.query.OccupancyQueries;
import dev.presence.api.query.StatusQueries;
import dev.presence.schema.RejectedRecord;
import dev.presence.schema.StatusChange;
import dev.presence.schema.Subscription;
import dev.presence.core.ErrorCode;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The operator's console: {@code GET /console} serves one page and its three files from the jar
 * (nothing is fetched from elsewhere), which reads {@code GET /console/api/occupancy} (of the whole
 * cluster), {@code GET /console/api/activity} (traffic per second, the latest changes and rejections) and
 * {@code GET /console/api/users/{userId}} (a user's status with clients, subscriptions and
 * watchers). The page is public, as it holds nothing; its data is the admin's once a secret is set.
 * The page's policy forbids inline scripts, so a user's text that slipped past the page's escaping
 * still could not run.
 */
final class ConsoleRoutes {

    static final String PAGE = "/console";
    static final String ASSETS = "/console/assets/{file}";
    static final String OCCUPANCY = "/console/api/occupancy";
    static final String ACTIVITY = "/console/api/activity";
    static final String USER = "/console/api/users/{userId}";
    /** The watchers a lookup lists; {@code more} says when a user has further ones. */
    static final int WATCHERS_SHOWN = 100;
    private static final String RESOURCES = "/dev/presence/api/console/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console-data.js", "text/javascript; charset=utf-8");

    private final byte[] page;
    private final Map<String, byte[]> assets;
    private final ConsoleFeed feed;
    private final OccupancyQueries occupancy;
    private final StatusQueries queries;

    ConsoleRoutes(ConsoleFeed feed, OccupancyQueries occupancy, StatusQueries queries) {
        this.feed = feed;
        this.occupancy = occupancy;
        this.queries = queries;
        this.page = resource("index.html");
        this.assets = Map.of("console.css", resource("console.css"), "console.js", resource("console.js"),
                "console-data.js", resource("console-data.js"));
    }

    /** The page and its files: public, like the OpenAPI document (they hold no user's data). */
    static boolean isPublic(String path) {
        return path.equals(PAGE) || path.startsWith("/console/assets/");
    }

    void page(Context ctx) {
        secure(ctx);
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    void asset(Context ctx) {
        String file = ctx.pathParam("file");
        byte[] body = assets.get(file);
        if (body == null) {
            throw new ApiError(ErrorCode.NOT_FOUND, "the console has no file '" + file + "'");
        }
        secure(ctx);
        ctx.contentType(ASSET_TYPES.get(file)).result(body);
    }

    /**
     * {@code {"online":N,"offline":N,"unlogined":N}}, summed over the cluster from the counts the topology
     * keeps (as {@code GET /v1/occupancy}); a 503 while an instance holding some partitions does not answer.
     */
    void occupancy(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        ctx.json(OccupancyRoutes.json(occupancy.total()));
    }

    /** Traffic per second over the last minute, the latest status changes and rejections, newest first. */
    void activity(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        Activity activity = feed.view();
        ObjectNode rates = answer.putObject("perSecond");
        rates.put("windowSeconds", ConsoleFeed.WINDOW_SECONDS);
        series(rates.putArray("events"), activity.eventsPerSecond());
        series(rates.putArray("notifications"), activity.notificationsPerSecond());
        series(rates.putArray("rejections"), activity.rejectionsPerSecond());

        ArrayNode changes = answer.putArray("latestChanges");
        for (StatusChange change : activity.latestChanges()) {
            changes.addObject()
                    .put("userId", change.getUserId())
                    .put("oldStatus", change.getOldStatus().name())
                    .put("newStatus", change.getNewStatus().name())
                    .put("oldCustomStatus", change.getOldCustomStatus())
                    .put("newCustomStatus", change.getNewCustomStatus())
                    .put("reason", change.getReason().name())
                    .put("version", change.getVersion())
                    .put("changedAt", change.getChangedAt());
        }
        ArrayNode rejections = answer.putArray("latestRejections");
        for (RejectedRecord rejected : activity.latestRejections()) {
            rejections.addObject()
                    .put("code", rejected.getErrorCode())
                    .put("reason", rejected.getReason())
                    .put("key", keyText(rejected.getKey()))
                    .put("sourceTopic", rejected.getSourceTopic())
                    .put("sourcePartition", rejected.getSourcePartition())
                    .put("sourceOffset", rejected.getSourceOffset())
                    .put("rejectedAt", rejected.getRejectedAt());
        }
        ctx.json(answer);
    }

    void user(Context ctx) {
        String userId = JsonBodies.userId(ctx);
        CallerAccess.requireAdmin(ctx);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("status", StatusJson.of(StaleAnswers.mark(ctx, queries.status(userId)), true, CallerAccess.caller(ctx)));
        ArrayNode subscriptions = answer.putArray("subscriptions");
        for (Subscription subscription : StaleAnswers.mark(ctx, queries.subscriptions(userId))) {
            subscriptions.addObject().put("userId", subscription.getTarget())
                    .put("subscribedAt", subscription.getSubscribedAt());
        }
        answer.set("watchers", queries.watchers(userId, WATCHERS_SHOWN).toJson());
        ctx.json(answer);
    }

    private static void series(ArrayNode into, long[] counts) {
        for (long count : counts) {
            into.add(count);
        }
    }

    /** A key as text for a person to read: what is not valid UTF-8 shows as replacement characters. */
    private static String keyText(ByteBuffer key) {
        if (key == null) {
            return null;
        }
        ByteBuffer copy = key.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCES + name, e);
        }
    }
}
