package dev.presence.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.auth.Caller;
import dev.presence.api.query.HistoryJson;
import dev.presence.api.query.StatusQueries;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.core.ErrorCode;
import dev.presence.streams.history.HistoryInterval;
import dev.presence.streams.history.StatusHistory;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/users/{userId}/history?from=&to=} and {@code GET /v1/users/{userId}/online-time?days=}:
 * a user's status over time, from the history store of the instance that owns it. Asking about
 * someone else is a status query (switch and rate limit alike) and shows what others see: hidden
 * stretches as OFFLINE. Only the retention ({@code presence.history.retention.ms}) is kept: a window
 * is cut to it and to now, and a window longer than it is refused.
 */
final class HistoryRoutes {

    private static final Duration DAY = Duration.ofDays(1);
    private static final int DEFAULT_DAYS = 7;

    private final StatusQueries queries;
    private final CurrentSettings settings;
    private final OtherUsersPolicy policy;
    private final Clock clock;

    HistoryRoutes(StatusQueries queries, CurrentSettings settings, OtherUsersPolicy policy, Clock clock) {
        this.queries = queries;
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
    }

    /** The intervals of the window, oldest first; from defaults to one retention before to, to to now. */
    void history(Context ctx) {
        String userId = JsonBodies.userId(ctx);
        long now = clock.millis();
        long retention = settings.current().historyRetention().toMillis();
        long to = millis(ctx, "to", now);
        long from = millis(ctx, "from", to - retention);
        if (to < from) {
            throw new ApiError(ErrorCode.HISTORY_WINDOW_INVERTED, "the window ends (to=" + to + ") before it starts (from="
                    + from + ")");
        }
        if (to - from > retention) {
            throw new ApiError(ErrorCode.HISTORY_WINDOW_TOO_LONG, "the window is " + (to - from) + " ms; at most "
                    + retention + " ms (presence.history.retention.ms) are kept");
        }
        Caller caller = CallerAccess.caller(ctx);
        policy.beforeStatusQuery(caller, List.of(userId));
        long start = Math.max(from, now - retention);
        long end = Math.min(to, now);
        List<HistoryInterval> intervals = start < end ? seenBy(caller, userId, queries.history(userId, start, end)) : List.of();
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("userId", userId).put("from", from).put("to", to);
        answer.set("intervals", HistoryJson.intervals(intervals, !caller.isOtherUser(userId)));
        ctx.json(answer);
    }

    /** Milliseconds ONLINE on each of the last {@code days} UTC days, today included, oldest first. */
    void onlineTime(Context ctx) {
        String userId = JsonBodies.userId(ctx);
        long maxDays = settings.current().historyRetention().toMillis() / DAY.toMillis();
        String text = ctx.queryParam("days");
        long days;
        try {
            days = text == null ? Math.min(DEFAULT_DAYS, maxDays) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiError(ErrorCode.DAYS_OUT_OF_RANGE, "days must be a whole number from 1 to " + maxDays);
        }
        if (days < 1 || days > maxDays) {
            throw new ApiError(ErrorCode.DAYS_OUT_OF_RANGE, "days is " + days + "; it must be 1 to " + maxDays
                    + " (the days presence.history.retention.ms keeps)");
        }
        Caller caller = CallerAccess.caller(ctx);
        policy.beforeStatusQuery(caller, List.of(userId));
        long now = clock.millis();
        LocalDate today = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = today.minusDays(days - 1);
        long from = first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Map<LocalDate, Long> online = StatusHistory.onlinePerUtcDay(seenBy(caller, userId, queries.history(userId, from, now)));
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("userId", userId);
        ArrayNode perDay = answer.putArray("days");
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            perDay.addObject().put("date", day.toString()).put("onlineMs", online.getOrDefault(day, 0L));
        }
        ctx.json(answer);
    }

    /** The user itself and the admin see the truth; anyone else what others see. */
    private static List<HistoryInterval> seenBy(Caller caller, String userId, List<HistoryInterval> truth) {
        return caller.isOtherUser(userId) ? StatusHistory.seenByOthers(truth) : StatusHistory.joined(truth);
    }

    private static long millis(Context ctx, String name, long absent) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ApiError(ErrorCode.BAD_REQUEST, name + " must be epoch milliseconds (a whole number, not negative)");
        }
    }
}
